package com.greenex.portal.trades;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.greenex.portal.security.Viewer;
import com.greenex.portal.testing.ViewTest;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static com.github.mvysny.kaributesting.v10.GridKt._get;
import static com.github.mvysny.kaributesting.v10.GridKt._size;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

/** The trades view: a trade verified against the chain; its figures shown whole. */
class TradesViewIT extends ViewTest {

    @Test
    void aTradeIsVerifiedAgainstTheChainFromTheTradesView() throws Exception {
        as("regulator");
        UI.getCurrent().navigate(TradesView.class);
        TradesView view = _get(TradesView.class);
        assertThat(_size(view.trades)).isPositive();
        long id = portal.latestSettledIntervalWithTrades();
        TradeRow trade = portal.bean(TradeQueries.class).ofInterval(id, Viewer.system("test")).getFirst();
        view.verify(trade);
        Instant end = Instant.now().plusSeconds(20);
        while (_find(Paragraph.class, s -> s.withId("verify-result")).isEmpty() && Instant.now().isBefore(end)) {
            Thread.sleep(100);
            MockVaadin.clientRoundtrip(false);
        }
        assertThat(_get(Paragraph.class, s -> s.withId("verify-result")).getText()).startsWith("Verified: the Merkle proof");
    }

    @Test
    void aTradesFiguresAreAsWideAsTheyAreAndAlignedToTheRight() {
        as("dispatcher");
        UI.getCurrent().navigate(TradesView.class);
        TradesView view = _get(TradesView.class);
        List<Grid.Column<TradeRow>> figures = view.trades.getColumns().stream()
                .filter(c -> c.getHeaderText().equals("Energy") || c.getHeaderText().startsWith("Price (") || c.getHeaderText().equals("Amount")
                        || c.getHeaderText().equals("Block"))
                .toList();
        assertThat(figures).as("energy, price, amount and block columns").hasSize(4);
        assertThat(figures).allSatisfy(c -> {
            assertThat(c.isAutoWidth()).as(c.getHeaderText() + " sized to its content, not cut").isTrue();
            assertThat(c.getTextAlign()).as(c.getHeaderText() + " aligned").isEqualTo(ColumnTextAlign.END);
        });
    }
}
