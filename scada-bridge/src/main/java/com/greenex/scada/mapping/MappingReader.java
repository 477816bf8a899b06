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

    /** OPC UA Part 6, 5.3.1.10: ns=&lt;index&gt; or nsu=&lt;uri&gt;, then i=, s=, g= or b=. */
    private static final Pattern NODE_ID = Pattern.compile("^(ns=\\d+|nsu=[^;]+);(i=\\d+|s=.+|g=[0-9a-fA-F-]{36}|b=[A-Za-z0-9+/=]+)$");
    private static final Set<String> POLICIES = Set.of("None", "Basic256Sha256");
    private static final Set<String> MODES = Set.of("None", "Sign", "SignAndEncrypt");

    /** A mapping of 100,000 points is about 15 MB of YAML; SnakeYAML's default stops at 3 MB. */
    private static final int MAX_CODE_POINTS = 64 * 1024 * 1024;

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

    public SubstationMapping read(InputStream in, String name) {
        JsonNode root;
        try {
            root = yaml.readTree(in);
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
        if ((username == null) != (passwordEnv == null)) {
            throw new MappingException(name + ": security: username and passwordEnv go together");
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
        return new Security(policy, mode, username, passwordEnv, certificate);
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
