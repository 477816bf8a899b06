package com.greenex.market.cli;

import com.greenex.market.Battery;
import com.greenex.market.Interval;
import com.greenex.market.InvalidIntervalException;
import com.greenex.market.MarketResult;
import com.greenex.market.Participant;
import com.greenex.market.ParticipantResult;
import com.greenex.market.RoundSummary;
import com.greenex.market.Side;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The interval file of market-model.md: reads an {@link Interval} and writes a {@link MarketResult}.
 * Decimals are accepted as JSON strings or numbers and never pass through a double. Unknown fields
 * are errors, so that a misspelt field is not silently ignored.
 */
public final class IntervalJson {

    private static final Set<String> INTERVAL_FIELDS = Set.of("interval", "gridFeedInPrice", "gridRetailPrice", "priceTick", "participants");
    private static final Set<String> PARTICIPANT_FIELDS = Set.of("id", "side", "energyKwh", "battery", "reservationPrice");
    private static final Set<String> BATTERY_FIELDS = Set.of("capacityKwh", "socPercent", "socMinPercent", "socMaxPercent", "maxChargeKwh",
            "maxDischargeKwh", "roundTripEfficiency");

    private final JsonMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** @throws InvalidIntervalException naming the participant and field of the first problem found */
    public Interval read(InputStream in) {
        JsonNode root;
        try {
            root = mapper.readTree(in);
        } catch (JacksonException e) {
            throw new InvalidIntervalException(null, "input", "malformed JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + oneLine(e.getOriginalMessage()));
        }
        if (root == null || root.isMissingNode() || !root.isObject()) {
            throw new InvalidIntervalException(null, "input", "expected a JSON object with the interval");
        }
        rejectUnknown(root, INTERVAL_FIELDS, null, "");
        JsonNode label = root.get("interval");
        if (label == null || !label.isString()) {
            throw new InvalidIntervalException(null, "interval", "missing or not a string");
        }
        BigDecimal feedIn = decimal(root, "gridFeedInPrice", null, "");
        BigDecimal retail = decimal(root, "gridRetailPrice", null, "");
        BigDecimal tick = decimal(root, "priceTick", null, "");
        JsonNode list = root.get("participants");
        if (list == null || !list.isArray()) {
            throw new InvalidIntervalException(null, "participants", "missing or not an array");
        }
        List<Participant> participants = new ArrayList<>(list.size());
        int index = 0;
        for (JsonNode p : list) {
            participants.add(participant(p, index++));
        }
        return new Interval(label.asString(), feedIn, retail, tick, participants);
    }

    private Participant participant(JsonNode p, int index) {
        if (!p.isObject()) {
            throw new InvalidIntervalException(null, "participants[" + index + "]", "not an object");
        }
        JsonNode idNode = p.get("id");
        if (idNode == null || !idNode.isString() || idNode.asString().isBlank()) {
            throw new InvalidIntervalException(null, "participants[" + index + "].id", "missing, blank or not a string");
        }
        String id = idNode.asString();
        rejectUnknown(p, PARTICIPANT_FIELDS, id, "");
        JsonNode sideNode = p.get("side");
        if (sideNode == null || !sideNode.isString()) {
            throw new InvalidIntervalException(id, "side", "missing or not a string (BUY or SELL)");
        }
        Side side;
        try {
            side = Side.valueOf(sideNode.asString());
        } catch (IllegalArgumentException e) {
            throw new InvalidIntervalException(id, "side", "\"" + sideNode.asString() + "\" is not BUY or SELL");
        }
        BigDecimal energy = decimal(p, "energyKwh", id, "");
        Battery battery = null;
        JsonNode b = p.get("battery");
        if (b != null && !b.isNull()) {
            if (!b.isObject()) {
                throw new InvalidIntervalException(id, "battery", "not an object");
            }
            rejectUnknown(b, BATTERY_FIELDS, id, "battery.");
            // The limits are optional: without them the battery is the paper's ideal one.
            battery = new Battery(decimal(b, "capacityKwh", id, "battery."), decimal(b, "socPercent", id, "battery."),
                    b.has("socMinPercent") ? decimal(b, "socMinPercent", id, "battery.") : BigDecimal.ZERO,
                    b.has("socMaxPercent") ? decimal(b, "socMaxPercent", id, "battery.") : BigDecimal.valueOf(100),
                    b.has("maxChargeKwh") ? decimal(b, "maxChargeKwh", id, "battery.") : null,
                    b.has("maxDischargeKwh") ? decimal(b, "maxDischargeKwh", id, "battery.") : null,
                    b.has("roundTripEfficiency") ? decimal(b, "roundTripEfficiency", id, "battery.") : BigDecimal.ONE);
        }
        BigDecimal reservation = p.has("reservationPrice") && !p.get("reservationPrice").isNull()
                ? decimal(p, "reservationPrice", id, "") : null;
        return new Participant(id, side, energy, battery, reservation);
    }

    private static void rejectUnknown(JsonNode node, Set<String> known, String id, String prefix) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!known.contains(e.getKey())) {
                throw new InvalidIntervalException(id, prefix + e.getKey(), "unknown field (expected one of " + known.stream().sorted().toList() + ")");
            }
        }
    }

    private static BigDecimal decimal(JsonNode parent, String field, String id, String prefix) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            throw new InvalidIntervalException(id, prefix + field, "missing");
        }
        if (v.isNumber()) {
            return v.decimalValue();
        }
        if (v.isString()) {
            String text = v.asString().strip();
            try {
                return new BigDecimal(text);
            } catch (NumberFormatException e) {
                throw new InvalidIntervalException(id, prefix + field, "\"" + v.asString() + "\" is not a decimal number");
            }
        }
        throw new InvalidIntervalException(id, prefix + field, "not a number or a decimal string");
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").strip();
    }

    /** The result JSON of market-model.md; every decimal is a string, written in plain notation. */
    public String write(MarketResult r) {
        ObjectNode out = mapper.createObjectNode();
        out.put("interval", r.interval());
        out.put("marketType", r.marketType().name());
        out.put("supplyKwh", plain(r.supplyKwh()));
        out.put("demandKwh", plain(r.demandKwh()));
        if (r.clearingPrice() != null) {
            out.put("clearingPrice", plain(r.clearingPrice()));
        }
        out.put("rounds", r.rounds());
        out.put("equilibrium", r.equilibrium().text());
        out.put("method", r.method().name());
        ArrayNode participants = out.putArray("participants");
        for (ParticipantResult p : r.participants()) {
            ObjectNode o = participants.addObject();
            o.put("id", p.id());
            o.put("side", p.side().name());
            o.put("reservationPrice", plain(p.reservationPrice()));
            if (p.quote() != null) {
                o.put("quote", plain(p.quote()));
                o.put("rank", p.rank());
            }
            o.put("marketKwh", plain(p.marketKwh()));
            o.put("batteryKwh", plain(p.batteryKwh()));
            o.put("gridKwh", plain(p.gridKwh()));
            if (p.socPercentAfter() != null) {
                o.put("socPercentAfter", plain(p.socPercentAfter()));
            }
            o.put("marketAmount", plain(p.marketAmount()));
            o.put("gridAmount", plain(p.gridAmount()));
        }
        ArrayNode history = out.putArray("history");
        for (RoundSummary s : r.history()) {
            ObjectNode h = history.addObject();
            h.put("round", s.round());
            h.put("phase", s.phase().name());
            h.put("clearingPrice", plain(s.clearingPrice()));
            h.put("gainers", s.gainers());
            if (!s.quotes().isEmpty()) {
                ArrayNode quotes = h.putArray("quotes");
                for (RoundSummary.Quote q : s.quotes()) {
                    ObjectNode qn = quotes.addObject();
                    qn.put("id", q.participantId());
                    qn.put("quote", plain(q.price()));
                    qn.put("marketKwh", plain(q.marketKwh()));
                }
            }
        }
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(out);
    }

    private static String plain(BigDecimal v) {
        return v.toPlainString();
    }
}
