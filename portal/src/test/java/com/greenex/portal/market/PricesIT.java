package com.greenex.portal.market;

import com.greenex.portal.security.Viewer;
import com.greenex.portal.testing.ReferenceData;
import com.greenex.portal.testing.TestPortal;
import com.greenex.scada.store.Reading;
import com.greenex.scada.store.ReadingStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static com.greenex.portal.testing.ReferenceData.aParticipant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A participant's own terms: stated limits the engine uses as its reservation price, per-interval overrides, and every refusal named. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PricesIT {

    private static final Duration L = Duration.ofMinutes(15);
    private static final Instant DAY = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(2));

    @TempDir
    static Path dir;
    private TestPortal portal;
    private JdbcClient jdbc;
    private ReferenceData data;
    private final ReferenceData.ParticipantBuilder seller = aParticipant("S-1").admitted();
    private final ReferenceData.ParticipantBuilder rival = aParticipant("S-2").admitted();
    private final ReferenceData.ParticipantBuilder buyer = aParticipant("B-1").admitted();
    private final ReferenceData.ParticipantBuilder gone = aParticipant("D-1").delisted();
    private final Viewer sellerUser = new Viewer("seller", "S-1", false);

    @BeforeAll
    void start() throws Exception {
        portal = TestPortal.plain(dir).interval(L).with("greenex.market.gate-lead", "PT5M").start();
        jdbc = portal.jdbc();
        data = portal.data().substation("SS-01");
        data.save(seller);
        data.save(buyer);
        data.save(gone);
        data.save(rival);
        rivalPv = data.point(rival, "PV_POWER_KW");
        rivalLoad = data.point(rival, "LOAD_POWER_KW");
        sellerPv = data.point(seller, "PV_POWER_KW");
        sellerLoad = data.point(seller, "LOAD_POWER_KW");
        buyerPv = data.point(buyer, "PV_POWER_KW");
        buyerLoad = data.point(buyer, "LOAD_POWER_KW");
    }

    private long rivalPv;
    private long rivalLoad;
    private long sellerPv;
    private long sellerLoad;
    private long buyerPv;
    private long buyerLoad;

    @AfterAll
    void stop() {
        portal.close();
    }

    /** Clears the interval starting at {@code start}: two sellers with 5 kWh each to spare, the buyer needs 3 (no batteries). */
    private IntervalOutcome clear(Instant start) throws Exception {
        return clear(start, "12");
    }

    /** The same with the buyer's load in kW (12 kW: 3 kWh in the quarter hour; 48 kW: 12 kWh, more than both sellers have). */
    private IntervalOutcome clear(Instant start, String buyerLoadKw) throws Exception {
        Instant gate = start.minus(Duration.ofMinutes(5));
        List<Reading> readings = new ArrayList<>();
        readings.add(new Reading(sellerPv, gate.minus(Duration.ofMinutes(5)), null, new BigDecimal("20"), 0));
        readings.add(new Reading(sellerLoad, gate.minus(Duration.ofMinutes(5)), null, BigDecimal.ZERO, 0));
        readings.add(new Reading(buyerPv, gate.minus(Duration.ofMinutes(5)), null, BigDecimal.ZERO, 0));
        readings.add(new Reading(buyerLoad, gate.minus(Duration.ofMinutes(5)), null, new BigDecimal(buyerLoadKw), 0));
        readings.add(new Reading(rivalPv, gate.minus(Duration.ofMinutes(5)), null, new BigDecimal("20"), 0));
        readings.add(new Reading(rivalLoad, gate.minus(Duration.ofMinutes(5)), null, BigDecimal.ZERO, 0));
        new ReadingStore(portal.bean(DataSource.class)).write(readings);
        IntervalLifecycle.Interval iv = portal.bean(IntervalLifecycle.class).open("SS-01", start, start.plus(L), gate);
        return portal.bean(IntervalRunner.class).run(List.of("SS-01"), iv);
    }

    private BigDecimal sold(long interval) {
        return jdbc.sql("SELECT coalesce(sum(energy_kwh), 0) FROM trades WHERE interval_id = ? AND seller_id = 'S-1'").param(interval)
                .query(BigDecimal.class).single();
    }

    @Test
    void aSellerWhoAsksMoreThanTheMarketPaysSellsNothingThenTradesAgainOnAutomatic() throws Exception {
        PricePreferences prices = portal.bean(PricePreferences.class);
        // A rival seller (S-2) offers on its automatic price; S-1 asks the retail price.
        prices.set(sellerUser, "S-1", new PricePreferences.Preferences(PricePreferences.Mode.LIMITS, new BigDecimal("1.10"), new BigDecimal("0.95"), List.of()));

        IntervalOutcome asking = clear(DAY.plus(Duration.ofHours(3)));
        assertThat(sold(asking.intervalId())).as("the market pays less than S-1's 1.10").isEqualByComparingTo("0");
        assertThat(jdbc.sql("SELECT price_source || ' ' || stated_price::text || ' ' || reservation_price::text FROM positions WHERE interval_id = ? AND participant_id = 'S-1'")
                .param(asking.intervalId()).query(String.class).single()).isEqualTo("LIMITS 1.100000 1.100000");
        assertThat(jdbc.sql("SELECT energy_kwh FROM grid_exchanges WHERE interval_id = ? AND participant_id = 'S-1' AND direction = 'EXPORT'")
                .param(asking.intervalId()).query(BigDecimal.class).single()).as("its surplus goes to the grid (it has no battery)").isEqualByComparingTo("5");
        assertThat(jdbc.sql("SELECT coalesce(sum(energy_kwh), 0) FROM trades WHERE interval_id = ? AND seller_id = 'S-2'").param(asking.intervalId())
                .query(BigDecimal.class).single()).as("the rival sold the buyer's 3 kWh").isEqualByComparingTo("3");

        prices.set(sellerUser, "S-1", new PricePreferences.Preferences(PricePreferences.Mode.AUTOMATIC, null, null, List.of()));
        IntervalOutcome automatic = clear(DAY.plus(Duration.ofHours(4)), "48");
        assertThat(sold(automatic.intervalId())).as("back on its automatic price it trades").isPositive();
        assertThat(prices.history(sellerUser, "S-1", 10)).filteredOn(a -> a.intervalId() >= asking.intervalId())
                .extracting(PricePreferences.Applied::source).containsExactly(PricePreferences.Source.AUTOMATIC, PricePreferences.Source.LIMITS);

    }

    @Test
    void aTimeOfDayWindowAndAnOverrideApplyAndABuyersLimitOnASellerIsRefusedByName() throws Exception {
        PricePreferences prices = portal.bean(PricePreferences.class);
        // 17:00-21:00 market time (UTC+8) = 09:00-13:00 UTC
        prices.set(sellerUser, "S-1", new PricePreferences.Preferences(PricePreferences.Mode.LIMITS, new BigDecimal("0.45"), new BigDecimal("0.95"),
                List.of(new PricePreferences.Window("17:00", "21:00", new BigDecimal("0.80"), null))));
        IntervalOutcome evening = clear(DAY.plus(Duration.ofHours(10)));
        assertThat(jdbc.sql("SELECT price_source || ' ' || coalesce(stated_price::text, '-') || ' ' || coalesce(price_refusal, '-') FROM positions "
                + "WHERE interval_id = ? AND participant_id = 'S-1'").param(evening.intervalId()).query(String.class).single()).isEqualTo("SCHEDULE 0.800000 -");

        Instant next = DAY.plus(Duration.ofHours(15));
        prices.set(sellerUser, "S-1", new PricePreferences.Preferences(PricePreferences.Mode.AUTOMATIC, null, null, List.of()));
        prices.override(sellerUser, "S-1", next, null, new BigDecimal("0.90")); // a buyer's limit, but S-1 will be a seller
        IntervalOutcome wrong = clear(next);
        assertThat(jdbc.sql("SELECT price_source || ': ' || price_refusal FROM positions WHERE interval_id = ? AND participant_id = 'S-1'")
                .param(wrong.intervalId()).query(String.class).single())
                .isEqualTo("AUTOMATIC: RejectQuoteInTheWrongRole: quotes as BUY but is a seller in this interval");
        prices.set(sellerUser, "S-1", new PricePreferences.Preferences(PricePreferences.Mode.AUTOMATIC, null, null, List.of()));
    }

    @Test
    void everyBadPriceIsRefusedNamingTheFieldAndTheRule() {
        PricePreferences prices = portal.bean(PricePreferences.class);
        assertThatThrownBy(() -> prices.set(sellerUser, "S-1", new PricePreferences.Preferences(PricePreferences.Mode.LIMITS, new BigDecimal("0.555"),
                new BigDecimal("0.95"), List.of()))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minSellPrice: RejectQuoteOffTheTick: quote 0.555 is not on the tick 0.01");
        assertThatThrownBy(() -> prices.set(sellerUser, "S-1", new PricePreferences.Preferences(PricePreferences.Mode.LIMITS, new BigDecimal("0.55"),
                new BigDecimal("1.20"), List.of()))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBuyPrice: RejectQuoteOutsideGridPrices: quote 1.20 is outside the grid prices [0.40, 1.10]");
        assertThatThrownBy(() -> prices.set(sellerUser, "S-1", new PricePreferences.Preferences(PricePreferences.Mode.LIMITS, new BigDecimal("0.55"),
                null, List.of()))).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("maxBuyPrice: missing");
        assertThatThrownBy(() -> prices.set(sellerUser, "S-1", new PricePreferences.Preferences(PricePreferences.Mode.LIMITS, new BigDecimal("0.55"),
                new BigDecimal("0.95"), List.of(new PricePreferences.Window("25:00", "21:00", new BigDecimal("0.8"), null)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("schedule[0].from: \"25:00\" is not a time of day (HH:mm)");
        assertThatThrownBy(() -> prices.set(new Viewer("gone", "D-1", false), "D-1", new PricePreferences.Preferences(PricePreferences.Mode.LIMITS,
                new BigDecimal("0.55"), new BigDecimal("0.95"), List.of()))).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("RejectQuoteFromParticipantNotAdmitted: participant D-1 is DELISTED");
        assertThatThrownBy(() -> prices.set(sellerUser, "B-1", PricePreferences.Preferences.automatic()))
                .isInstanceOf(org.springframework.security.access.AccessDeniedException.class).hasMessageContaining("only for its own participant S-1, not B-1");
        Instant past = Instant.now().truncatedTo(ChronoUnit.HOURS);
        assertThatThrownBy(() -> prices.override(sellerUser, "S-1", past, new BigDecimal("0.60"), null)).isInstanceOf(IllegalStateException.class)
                .hasMessage("RejectQuoteAfterGateClosure: the gate of the interval closed at " + past.minus(Duration.ofMinutes(5))
                        + ": its terms can no longer change");
        assertThat(jdbc.sql("SELECT count(*) FROM price_overrides WHERE starts_at = ?").param(java.sql.Timestamp.from(past)).query(Long.class).single())
                .as("nothing written").isZero();
    }

    @Test
    void meterNoiseBelowOneWattHourMakesNoPositionAndNoTrade() throws Exception {
        IntervalOutcome noise = clear(DAY.plus(Duration.ofHours(20)), "0.0016"); // 0.4 Wh in the quarter hour
        assertThat(jdbc.sql("SELECT count(*) FROM positions WHERE interval_id = ? AND participant_id = 'B-1'").param(noise.intervalId())
                .query(Long.class).single()).isZero();
        assertThat(noise.trades()).isZero();
    }
}
