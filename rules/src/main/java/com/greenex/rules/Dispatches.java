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

    private Dispatches() {
    }

    /** Each participant's dispatch with its battery and the battery's limits, as the engine dispatched. */
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
            out.add(new Dispatch(intervalId, r.id(), r.side(), p.energyKwh(), r.marketKwh(), r.batteryKwh(), r.gridKwh(), p.battery()));
        }
        return out;
    }
}
