package com.greenex.rules;

import com.greenex.market.Interval;
import com.greenex.market.MarketResult;
import com.greenex.market.Participant;
import com.greenex.market.ParticipantResult;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The market engine's dispatch of one cleared interval as facts for storage-first.drl. */
public final class Dispatches {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Dispatches() {
    }

    /** SOC limits 0-100 %, as the engine dispatches. */
    public static List<Dispatch> of(String intervalId, Interval interval, MarketResult result) {
        Map<String, Participant> byId = new HashMap<>();
        for (Participant p : interval.participants()) {
            byId.put(p.id(), p);
        }
        List<Dispatch> out = new ArrayList<>(result.participants().size());
        for (ParticipantResult r : result.participants()) {
            Participant p = byId.get(r.id());
            if (p == null) {
                throw new IllegalArgumentException("result has participant " + r.id() + " that the interval does not have");
            }
            boolean battery = p.battery() != null;
            out.add(new Dispatch(intervalId, r.id(), r.side(), p.energyKwh(), r.marketKwh(), r.batteryKwh(), r.gridKwh(),
                    battery ? p.battery().capacityKwh() : null, battery ? p.battery().socPercent() : null,
                    battery ? BigDecimal.ZERO : null, battery ? HUNDRED : null));
        }
        return out;
    }
}
