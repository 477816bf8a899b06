package com.greenex.portal.participant;

import com.greenex.portal.security.Viewer;
import com.greenex.portal.testing.ViewTest;
import com.greenex.portal.trades.TradeRow;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Paragraph;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static com.github.mvysny.kaributesting.v10.GridKt._get;
import static com.github.mvysny.kaributesting.v10.GridKt._size;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A participant's own view: positions, trades, bill, CSV. */
class ParticipantViewIT extends ViewTest {

    @Test
    void aParticipantSeesItsPositionsTradesBillAndExportsCsv() throws Exception {
        as("prosumer1");
        UI.getCurrent().navigate(ParticipantView.class);
        ParticipantView view = _get(ParticipantView.class);
        assertThat(_size(view.positions)).isPositive();
        for (int i = 0; i < _size(view.trades); i++) {
            TradeRow t = _get(view.trades, i);
            assertThat(List.of(t.sellerId(), t.buyerId())).contains("P-001");
        }
        assertThat(_get(Paragraph.class, s -> s.withId("bill-net")).getText()).startsWith("Net for the period:");
        setValue(view.from, LocalDate.now().plusDays(3));
        setValue(view.to, LocalDate.now());
        view.showBill();
        assertThat(String.join(" ", texts())).contains("Choose a period that ends after it starts");

        var queries = portal.bean(ParticipantQueries.class);
        var me = new Viewer("prosumer1", "P-001", false);
        StringWriter csv = new StringWriter();
        long rows = queries.tradesCsv(me, "P-001", Instant.now().minusSeconds(3600), Instant.now().plusSeconds(60), csv);
        assertThat(csv.toString().lines().count()).isEqualTo(rows + 1);
        assertThat(csv.toString()).startsWith("trade_id,interval_id,interval_start,role,counterparty,energy_kwh,price,amount,settlement_state,tx_hash");
        assertThatThrownBy(() -> queries.tradesCsv(me, "P-002", Instant.now().minusSeconds(3600), Instant.now(), new StringWriter()))
                .hasMessageContaining("may see only participant P-001");
    }

    @Test
    void myPricesSaysAWrongPriceNextToItsFieldAndSavesGoodOnes() {
        as("prosumer2");
        UI.getCurrent().navigate(ParticipantView.class);
        MyPrices prices = _get(ParticipantView.class).myPrices;
        setValue(prices.mode, com.greenex.portal.market.PricePreferences.Mode.LIMITS);
        setValue(prices.minSell, "0.555");
        setValue(prices.maxBuy, "0.95");
        prices.save();
        assertThat(prices.minSell.isInvalid()).isTrue();
        assertThat(prices.minSell.getErrorMessage()).isEqualTo("RejectQuoteOffTheTick: quote 0.555 is not on the tick 0.01");

        setValue(prices.minSell, "0.55");
        setValue(prices.windowFrom, "17:00");
        setValue(prices.windowTo, "21:00");
        setValue(prices.windowMinSell, "0.80");
        prices.save();
        assertThat(prices.minSell.isInvalid()).isFalse();
        assertThat(prices.saved.getText()).startsWith("Saved");
        var stored = portal.bean(com.greenex.portal.market.PricePreferences.class).get(new Viewer("prosumer2", "P-002", false), "P-002");
        assertThat(stored.mode()).isEqualTo(com.greenex.portal.market.PricePreferences.Mode.LIMITS);
        assertThat(stored.schedule()).singleElement().satisfies(w -> assertThat(w.minSellPrice()).isEqualByComparingTo("0.80"));

        setValue(prices.mode, com.greenex.portal.market.PricePreferences.Mode.AUTOMATIC);
        prices.save();
        assertThat(portal.bean(com.greenex.portal.market.PricePreferences.class).get(new Viewer("prosumer2", "P-002", false), "P-002").mode())
                .isEqualTo(com.greenex.portal.market.PricePreferences.Mode.AUTOMATIC);
    }
}
