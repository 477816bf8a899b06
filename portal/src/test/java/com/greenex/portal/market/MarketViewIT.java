package com.greenex.portal.market;

import com.greenex.portal.testing.ViewTest;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Span;
import org.junit.jupiter.api.Test;

import static com.github.mvysny.kaributesting.v10.GridKt._get;
import static com.github.mvysny.kaributesting.v10.GridKt._getFormattedRow;
import static com.github.mvysny.kaributesting.v10.GridKt._size;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

/** The market view on a running demo market. */
class MarketViewIT extends ViewTest {

    @Test
    void theMarketViewShowsMeritOrderRoundsTradesAndDispatchOfAnInterval() {
        as("dispatcher");
        UI.getCurrent().navigate(MarketView.class);
        MarketView view = _get(MarketView.class);
        assertThat(_size(view.intervals)).isGreaterThanOrEqualTo(2);
        // The latest settled interval with trades whose setpoints reached the batteries (on a loaded machine one may be too late: shown as such).
        long id = jdbc.sql("""
                SELECT max(i.id) FROM trading_intervals i WHERE i.status = 'SETTLED' AND EXISTS (SELECT 1 FROM trades t WHERE t.interval_id = i.id)
                   AND NOT EXISTS (SELECT 1 FROM battery_setpoints s WHERE s.interval_id = i.id AND s.outcome <> 'WRITTEN')
                   AND EXISTS (SELECT 1 FROM battery_setpoints s WHERE s.interval_id = i.id)""").query(Long.class).single();
        view.show(id);
        String merit = html("merit-order");
        assertThat(merit).contains("gx-merit", "gx-clearing", "clearing price");
        Span verdict = _get(Span.class, s -> s.withId("replay-verdict"));
        assertThat(verdict.getText()).startsWith("Replayed from the stored positions");
        assertThat(_size(view.rounds)).isPositive();
        view.rounds.select(_get(view.rounds, 0));
        assertThat(_size(view.roundQuotes)).isPositive();
        long trades = jdbc.sql("SELECT count(*) FROM trades WHERE interval_id = ?").param(id).query(Long.class).single();
        assertThat(_size(view.trades)).isEqualTo((int) trades);
        assertThat(_getFormattedRow(view.trades, 0)).contains("confirmed");
        // Every step of its life: the setpoints written to the simulated batteries, and what the meters confirmed.
        assertThat(_size(view.setpoints)).isPositive();
        assertThat(_getFormattedRow(view.setpoints, 0)).contains("written");
        assertThat(_size(view.deliveries)).isEqualTo(20);
        view.show(987654);
        assertThat(texts()).contains("No such interval.");
    }
}
