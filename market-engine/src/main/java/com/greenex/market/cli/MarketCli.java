package com.greenex.market.cli;

import com.greenex.market.EngineOptions;
import com.greenex.market.Interval;
import com.greenex.market.InvalidIntervalException;
import com.greenex.market.MarketEngine;
import com.greenex.market.MarketResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code market-engine-cli clear FILE}: clears one interval file and prints the result JSON. For
 * regulators checking a published interval and for replaying history.
 *
 * <p>Exit status 0 on success; 2 on bad input (one line on stderr naming the participant and the
 * field, nothing on stdout) or bad usage.
 */
@Command(name = "market-engine-cli", mixinStandardHelpOptions = true, version = "Greenex market engine",
        subcommands = MarketCli.Clear.class,
        description = "Greenex market engine: clears trading intervals as the paper's model prescribes.")
public final class MarketCli implements Runnable {

    public static final int BAD_INPUT = 2;
    public static final int FAILURE = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: clear FILE");
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.in));
    }

    /** Runs the tool with the given streams; returns the exit status. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, InputStream stdin) {
        CommandLine cli = new CommandLine(new MarketCli());
        cli.setOut(out);
        cli.setErr(err);
        ((Clear) cli.getSubcommands().get("clear").getCommand()).stdin = stdin;
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof InvalidIntervalException || e instanceof IOException) {
                commandLine.getErr().println(oneLine(e.getMessage()));
                return BAD_INPUT;
            }
            // Not the input's fault: say so, with the type, so that it gets reported as a defect.
            commandLine.getErr().println("internal error: " + e);
            return FAILURE;
        });
        return cli.execute(args);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").strip();
    }

    @Command(name = "clear", mixinStandardHelpOptions = true,
            description = "Clear one interval file and print the result JSON on stdout.")
    static final class Clear implements Callable<Integer> {

        InputStream stdin = System.in;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "The interval file, or - for standard input.")
        String file;

        @Option(names = "--round-quotes", description = "Add every round's quotes to the history.")
        boolean roundQuotes;

        @Override
        public Integer call() throws IOException {
            Interval interval;
            try (InputStream in = open()) {
                interval = new IntervalJson().read(in);
            }
            EngineOptions options = roundQuotes ? EngineOptions.DEFAULTS.withRoundQuotes() : EngineOptions.DEFAULTS;
            MarketResult result = new MarketEngine(options).clear(interval);
            String json = new IntervalJson().write(result);
            spec.commandLine().getOut().println(json);
            spec.commandLine().getOut().flush();
            return 0;
        }

        private InputStream open() {
            if ("-".equals(file)) {
                return stdin;
            }
            try {
                return Files.newInputStream(Path.of(file));
            } catch (NoSuchFileException e) {
                throw new InvalidIntervalException(null, "FILE", "no such file: " + file);
            } catch (IOException e) {
                throw new InvalidIntervalException(null, "FILE", "cannot read " + file + ": " + e.getMessage());
            }
        }
    }
}
