package com.greenex.scada.store;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * A participant's position over one interval, from its meter's counters: what it exported and
 * imported (the counters' increase between the last good readings at or before the interval's start
 * and end), and its battery's last good SOC at or before the end.
 *
 * @param exportedKwh increase of the ENERGY_EXPORT_KWH counter; null when it cannot be known
 * @param importedKwh increase of the ENERGY_IMPORT_KWH counter; null when it cannot be known
 * @param socPercent  the battery's SOC, or null (no battery, or no good reading)
 * @param problem     why the position is incomplete, or null: an incomplete position is never traded on
 */
public record Position(String participantId, String meterId, BigDecimal exportedKwh, BigDecimal importedKwh,
                       String batteryId, BigDecimal socPercent, String problem) {

    public boolean complete() {
        return problem == null;
    }

    /** Exported minus imported: positive is a surplus to sell, negative a deficit to buy. */
    public Optional<BigDecimal> netKwh() {
        return complete() ? Optional.of(exportedKwh.subtract(importedKwh)) : Optional.empty();
    }
}
