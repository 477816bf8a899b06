package com.greenex.portal.emissions;

import com.greenex.portal.config.Csv;
import com.greenex.portal.security.Viewer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A participant's Scope 2 emissions for a period (whole days, UTC), as the GHG Protocol's Scope 2
 * guidance computes them:
 * <ul>
 *   <li>consumption: energy bought in the market + from its own battery + from the grid (as scheduled);</li>
 *   <li>purchased electricity (Scope 2) is the market's and the grid's part; the battery holds its own
 *       PV's surplus (the market's storage-first rule charges it from surplus only);</li>
 *   <li><b>location-based</b>: purchased × the grid's average factor;</li>
 *   <li><b>market-based</b>: (purchased − the energy of the certificates it retired for consumption in the
 *       period, at most the purchased) × the residual-mix factor: energy bought in the market without a
 *       retired certificate counts at the residual mix, as the guidance's quality criteria ask;</li>
 *   <li>avoided: what it sold in the market × the grid's average factor (reported apart, never netted).</li>
 * </ul>
 * kg CO2 to 3 decimals, shares in percent to 1 decimal (half up); the factors' sources named.
 */
@Service
public class EmissionsReport {

    /** The report's figures. Shares are null when nothing was consumed. */
    public record Report(String participantId, LocalDate from, LocalDate to, BigDecimal marketKwh, BigDecimal storageKwh, BigDecimal gridKwh,
                         BigDecimal consumptionKwh, BigDecimal purchasedKwh, long certificatesRetired, BigDecimal retiredKwh, BigDecimal certifiedKwh,
                         BigDecimal marketSharePercent, BigDecimal certifiedSharePercent, BigDecimal locationBasedKg, BigDecimal marketBasedKg,
                         BigDecimal soldKwh, BigDecimal avoidedKg, BigDecimal locationFactor, String locationSource, BigDecimal residualFactor,
                         String residualSource, List<Long> retiredSerials) {
    }

    private final JdbcClient jdbc;
    private final EmissionsProperties factors;
    private final Clock clock;

    public EmissionsReport(JdbcClient jdbc, EmissionsProperties factors, Clock clock) {
        this.jdbc = jdbc;
        this.factors = factors;
        this.clock = clock;
    }

    public EmissionsProperties factors() {
        return factors;
    }

    /**
     * @param from first day (UTC) of the period
     * @param to   last day (UTC) of the period, inclusive
     * @throws IllegalArgumentException naming what is wrong with the period
     */
    public Report report(Viewer viewer, String participant, LocalDate from, LocalDate to) {
        viewer.requireMaySee(participant);
        if (from == null || to == null) {
            throw new IllegalArgumentException("from, to: the report's first and last day are required (YYYY-MM-DD)");
        }
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to: the period ends (" + to + ") before it starts (" + from + ")");
        }
        if (from.isAfter(LocalDate.now(clock.withZone(ZoneOffset.UTC)))) {
            throw new IllegalArgumentException("from: the period has not started yet (" + from + ")");
        }
        if (jdbc.sql("SELECT count(*) FROM participants WHERE id = ?").param(participant).query(Long.class).single() == 0) {
            throw new java.util.NoSuchElementException("no participant " + participant);
        }
        Timestamp f = Timestamp.from(from.atStartOfDay(ZoneOffset.UTC).toInstant());
        Timestamp t = Timestamp.from(to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        BigDecimal[] market = jdbc.sql("""
                        SELECT coalesce(sum(tr.energy_kwh) FILTER (WHERE tr.buyer_id = ?), 0), coalesce(sum(tr.energy_kwh) FILTER (WHERE tr.seller_id = ?), 0)
                          FROM trades tr JOIN trading_intervals i ON i.id = tr.interval_id
                         WHERE ? IN (tr.seller_id, tr.buyer_id) AND i.starts_at >= ? AND i.starts_at < ?""")
                .params(participant, participant, participant, f, t)
                .query((rs, i) -> new BigDecimal[] {rs.getBigDecimal(1), rs.getBigDecimal(2)}).single();
        BigDecimal grid = jdbc.sql("""
                        SELECT coalesce(sum(g.energy_kwh), 0) FROM grid_exchanges g JOIN trading_intervals i ON i.id = g.interval_id
                         WHERE g.participant_id = ? AND g.direction = 'IMPORT' AND i.starts_at >= ? AND i.starts_at < ?""")
                .params(participant, f, t).query(BigDecimal.class).single();
        BigDecimal storage = jdbc.sql("""
                        SELECT coalesce(sum(b.energy_kwh), 0) FROM battery_dispatch b JOIN trading_intervals i ON i.id = b.interval_id
                         WHERE b.participant_id = ? AND b.direction = 'DISCHARGE' AND i.starts_at >= ? AND i.starts_at < ?""")
                .params(participant, f, t).query(BigDecimal.class).single();
        // Certificates this participant retired for consumption within the period.
        List<Object[]> retired = jdbc.sql("""
                        SELECT token_serial, energy_kwh FROM green_certificates
                         WHERE owner_id = ? AND status = 'RETIRED' AND period_from >= ? AND period_to <= ? ORDER BY token_serial""")
                .params(participant, from, to)
                .query((rs, i) -> new Object[] {rs.getLong(1), rs.getBigDecimal(2)}).list();
        BigDecimal retiredKwh = retired.stream().map(r -> (BigDecimal) r[1]).reduce(BigDecimal.ZERO, BigDecimal::add);
        return compute(participant, from, to, market[0], storage, grid, market[1], retired.stream().map(r -> (Long) r[0]).toList(), retiredKwh);
    }

    /** The report's arithmetic, from the energies (kWh) and the retired certificates. */
    Report compute(String participant, LocalDate from, LocalDate to, BigDecimal marketKwh, BigDecimal storageKwh, BigDecimal gridKwh, BigDecimal soldKwh,
                   List<Long> retiredSerials, BigDecimal retiredKwh) {
        BigDecimal consumption = marketKwh.add(storageKwh).add(gridKwh);
        BigDecimal purchased = marketKwh.add(gridKwh);
        BigDecimal certified = retiredKwh.min(purchased);
        BigDecimal location = kg(purchased.multiply(factors.locationFactor()));
        BigDecimal marketBased = kg(purchased.subtract(certified).multiply(factors.residualFactor()));
        BigDecimal avoided = kg(soldKwh.multiply(factors.locationFactor()));
        return new Report(participant, from, to, marketKwh, storageKwh, gridKwh, consumption, purchased, retiredSerials.size(), retiredKwh, certified,
                percent(marketKwh, consumption), percent(certified, consumption), location, marketBased, soldKwh, avoided,
                factors.locationFactor(), factors.locationSource(), factors.residualFactor(), factors.residualSource(), List.copyOf(retiredSerials));
    }

    private static BigDecimal kg(BigDecimal v) {
        return v.setScale(3, RoundingMode.HALF_UP);
    }

    private static BigDecimal percent(BigDecimal part, BigDecimal whole) {
        return whole.signum() == 0 ? null : part.multiply(BigDecimal.valueOf(100)).divide(whole, 1, RoundingMode.HALF_UP);
    }

    /** The report's file name: greenex-P-004-emissions-2026-01-01-2026-01-31.pdf */
    public static String fileName(Report r, String extension) {
        return "greenex-" + r.participantId() + "-emissions-" + r.from() + "-" + r.to() + "." + extension;
    }

    /** The report as CSV (RFC 4180): one figure per row, with its unit, then the factors' sources. */
    public static String csv(Report r) {
        StringBuilder b = new StringBuilder(Csv.row("figure", "value", "unit"));
        b.append(Csv.row("participant", r.participantId(), ""));
        b.append(Csv.row("period_from", r.from().toString(), "date (UTC)"));
        b.append(Csv.row("period_to", r.to().toString(), "date (UTC), inclusive"));
        row(b, "consumption_market", r.marketKwh(), "kWh");
        row(b, "consumption_storage", r.storageKwh(), "kWh");
        row(b, "consumption_grid", r.gridKwh(), "kWh");
        row(b, "consumption_total", r.consumptionKwh(), "kWh");
        row(b, "purchased_electricity", r.purchasedKwh(), "kWh");
        b.append(Csv.row("certificates_retired", Long.toString(r.certificatesRetired()), "count"));
        row(b, "certified_energy", r.certifiedKwh(), "kWh");
        row(b, "green_share_market", r.marketSharePercent(), "%");
        row(b, "green_share_certified", r.certifiedSharePercent(), "%");
        row(b, "scope2_location_based", r.locationBasedKg(), "kg CO2");
        row(b, "scope2_market_based", r.marketBasedKg(), "kg CO2");
        row(b, "sold_green_energy", r.soldKwh(), "kWh");
        row(b, "emissions_avoided", r.avoidedKg(), "kg CO2");
        row(b, "location_factor", r.locationFactor(), "kg CO2/kWh: " + r.locationSource());
        row(b, "residual_mix_factor", r.residualFactor(), "kg CO2/kWh: " + r.residualSource());
        return b.toString();
    }

    private static void row(StringBuilder b, String figure, BigDecimal v, String unit) {
        b.append(Csv.row(figure, v == null ? "" : v.stripTrailingZeros().toPlainString(), unit));
    }
}
