package com.greenex.scada.mapping;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a substation mapping file (YAML). File-level problems throw {@link MappingException}; a bad
 * point (unknown quantity, malformed node id, meter and battery mixed up, a duplicate) becomes a
 * {@link PointProblem} with the reason, and the other points stay usable.
 */
public final class MappingReader {

    /** The only environment variables a mapping may name for an OPC UA password. */
    public static final String PASSWORD_ENV_PREFIX = "GREENEX_OPCUA_";
    private static final String SECRET_FILE_NAME = "[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}";


    /** OPC UA Part 6, 5.3.1.10: ns=&lt;index&gt; or nsu=&lt;uri&gt;, then i=, s=, g= or b=. */
    private static final Pattern NODE_ID = Pattern.compile("^(ns=\\d+|nsu=[^;]+);(i=\\d+|s=.+|g=[0-9a-fA-F-]{36}|b=[A-Za-z0-9+/=]+)$");
    private static final Set<String> POLICIES = Set.of("None", "Basic256Sha256");
    private static final Set<String> MODES = Set.of("None", "Sign", "SignAndEncrypt");

    /** The largest mapping read: 100,000 points are about 15 MB of YAML. Larger is refused before parsing. */
    public static final int MAX_BYTES = 16 * 1024 * 1024;
    /**
     * The longest line read: a mapping's values (ids, node ids, URLs) are short, and the YAML parser's
     * time grows with the square of a long scalar (20 MB held a core for minutes): refused before parsing.
     */
    public static final int MAX_LINE = 4096;
    private static final int MAX_CODE_POINTS = MAX_BYTES;

    private final YAMLMapper yaml = new YAMLMapper(YAMLFactory.builder()
            .loadSettings(LoadSettings.builder().setCodePointLimit(MAX_CODE_POINTS).build())
            .build());

    public SubstationMapping read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new MappingException(file + ": cannot read: " + e.getMessage());
        }
    }

    /**
     * @throws MappingException naming the file and what is wrong: larger than {@value #MAX_BYTES} bytes, a line longer than
     *                          {@value #MAX_LINE} characters, not YAML, or a field of the substation; point problems are listed instead
     */
    public SubstationMapping read(InputStream in, String name) {
        byte[] bytes;
        try {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new MappingException(name + ": cannot read: " + e.getMessage());
        }
        if (bytes.length > MAX_BYTES) {
            throw new MappingException(name + ": larger than " + (MAX_BYTES >> 20) + " MiB: split the substation's points into several mappings");
        }
        int line = 1;
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                if (i - start > MAX_LINE) {
                    throw new MappingException(name + ": line " + line + " is " + (i - start) + " bytes long (at most " + MAX_LINE
                            + "): a mapping's ids, nodes and URLs are short");
                }
                line++;
                start = i + 1;
            }
        }
        JsonNode root;
        try {
            root = yaml.readTree(bytes);
        } catch (JacksonException e) {
            throw new MappingException(name + ": not valid YAML: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new MappingException(name + ": expected a mapping with substation, endpoint, security and points");
        }
        String substation = text(root, "substation");
        String endpoint = text(root, "endpoint");
        if (substation == null) {
            throw new MappingException(name + ": substation: missing");
        }
        if (endpoint == null || !endpoint.startsWith("opc.tcp://")) {
            throw new MappingException(name + ": endpoint: missing or not an opc.tcp:// URL: " + endpoint);
        }
        Security security = security(root.get("security"), name);
        JsonNode list = root.get("points");
        if (list == null || !list.isArray()) {
            throw new MappingException(name + ": points: missing or not a list");
        }
        List<PointMapping> points = new ArrayList<>();
        List<PointProblem> problems = new ArrayList<>();
        Set<String> nodes = new HashSet<>();
        Set<String> quantities = new HashSet<>();
        int index = 0;
        for (JsonNode p : list) {
            int i = index++;
            String participant = text(p, "participant");
            String node = text(p, "node");
            String meter = text(p, "meter");
            String battery = text(p, "battery");
            String quantityText = text(p, "quantity");
            String problem = null;
            Quantity quantity = null;
            if (participant == null) {
                problem = "participant: missing";
            } else if (node == null) {
                problem = "node: missing";
            } else if (!NODE_ID.matcher(node).matches()) {
                problem = "node: \"" + node + "\" is not an OPC UA node id (ns=<index>;s=… or nsu=<uri>;s=…)";
            } else if (quantityText == null) {
                problem = "quantity: missing";
            } else {
                try {
                    quantity = Quantity.valueOf(quantityText);
                } catch (IllegalArgumentException e) {
                    problem = "quantity: unknown \"" + quantityText + "\" (one of " + java.util.Arrays.toString(Quantity.values()) + ")";
                }
            }
            if (problem == null) {
                if ((meter == null) == (battery == null)) {
                    problem = "exactly one of meter and battery must be given";
                } else if (quantity.ofBattery() != (battery != null)) {
                    problem = quantity + (quantity.ofBattery() ? " belongs to a battery, not a meter" : " belongs to a meter, not a battery");
                } else if (!nodes.add(node)) {
                    problem = "node is mapped twice";
                } else if (!quantities.add(participant + "/" + (meter != null ? meter : battery) + "/" + quantity)) {
                    problem = quantity + " of " + (meter != null ? meter : battery) + " is mapped twice";
                }
            }
            if (problem != null) {
                problems.add(new PointProblem(i, participant, node, problem));
            } else {
                points.add(new PointMapping(i, participant, meter, battery, quantity, node));
            }
        }
        return new SubstationMapping(substation, endpoint, security, points, problems);
    }

    private static Security security(JsonNode s, String name) {
        if (s == null || s.isNull()) {
            throw new MappingException(name + ": security: missing (write {policy: None} to connect without security)");
        }
        String policy = text(s, "policy");
        if (policy == null || !POLICIES.contains(policy)) {
            throw new MappingException(name + ": security.policy: " + policy + " is not one of " + POLICIES);
        }
        String mode = text(s, "mode");
        if (mode == null) {
            mode = policy.equals("None") ? "None" : "SignAndEncrypt";
        }
        if (!MODES.contains(mode) || policy.equals("None") != mode.equals("None")) {
            throw new MappingException(name + ": security.mode: " + mode + " does not go with policy " + policy);
        }
        String username = text(s, "username");
        String passwordEnv = text(s, "passwordEnv");
        String passwordFile = text(s, "passwordFile");
        if (passwordEnv != null && passwordFile != null) {
            throw new MappingException(name + ": security: passwordEnv or passwordFile, not both");
        }
        if ((username != null) != (passwordEnv != null || passwordFile != null)) {
            throw new MappingException(name + ": security: a username goes with its password's passwordEnv or passwordFile, and those only with a username");
        }
        if (passwordFile != null && !passwordFile.matches(SECRET_FILE_NAME)) {
            // A name, not a path: the bridge reads it in its own secrets directory only, never a file elsewhere.
            throw new MappingException(name + ": security.passwordFile: " + passwordFile + " is not a secret file's name: letters, digits, '.', '_' or '-',"
                    + " no '/' and not starting with '.' (the file lies in the bridge's secrets directory)");
        }
        if (passwordEnv != null && !passwordEnv.matches(PASSWORD_ENV_PREFIX + "[A-Z0-9_]{1,64}")) {
            // A mapping names only the bridge's own variables: never the chain key's password, the database's, or any other secret,
            // which an uploaded mapping would otherwise send to a server of its choosing.
            throw new MappingException(name + ": security.passwordEnv: " + passwordEnv + " is not a bridge password variable: it must be "
                    + PASSWORD_ENV_PREFIX + " followed by capital letters, digits or _ (e.g. " + PASSWORD_ENV_PREFIX + "SS01)");
        }
        JsonNode identity = s.get("identity");
        boolean certificate = identity != null && "certificate".equalsIgnoreCase(identity.asString());
        if (identity != null && !certificate && !"username".equalsIgnoreCase(identity.asString()) && !"anonymous".equalsIgnoreCase(identity.asString())) {
            throw new MappingException(name + ": security.identity: " + identity.asString() + " is not anonymous, username or certificate");
        }
        if (certificate && username != null) {
            throw new MappingException(name + ": security: identity certificate and a username do not go together");
        }
        if (certificate && policy.equals("None")) {
            throw new MappingException(name + ": security: a certificate identity needs policy Basic256Sha256");
        }
        return new Security(policy, mode, username, passwordEnv, passwordFile, certificate);
    }

    private static String text(JsonNode parent, String field) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        String s = v.asString().strip();
        return s.isEmpty() ? null : s;
    }
}
