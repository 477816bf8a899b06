package com.greenex.portal.trades;

import com.greenex.portal.base.ui.Routes;
import com.greenex.portal.security.GreenexUser;
import com.greenex.portal.security.Viewer;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import jakarta.annotation.security.RolesAllowed;

import java.util.concurrent.CompletableFuture;

/**
 * Trades and settlement: every trade with its settlement state, transaction and block (lazy: a
 * million rows scroll without being loaded), a verify action that checks the trade's Merkle proof
 * against the contract, and the green certificates.
 */
@Route(Routes.TRADES)
@RolesAllowed({"DISPATCHER", "ADMIN", "REGULATOR"})
public class TradesView extends VerticalLayout implements HasDynamicTitle {

    final Grid<TradeRow> trades = new Grid<>();
    final Grid<Certificate> certificates = new Grid<>();
    final Div verdict = new Div();
    private final TradeProofs proofs;
    private final Viewer viewer;

    TradesView(TradeQueries queries, TradeProofs proofs, com.greenex.portal.base.ui.DisplayProperties display, AuthenticationContext auth) {
        this.proofs = proofs;
        GreenexUser user = auth.getAuthenticatedUser(GreenexUser.class).orElseThrow();
        this.viewer = new Viewer(user.getUsername(), user.participantId(), true);
        setSizeFull();
        trades.setId("trades");
        TradeColumns.trades(trades, this, display.priceUnit());
        trades.addComponentColumn(t -> {
            Button b = new Button(getTranslation("trades.verify"), e -> verify(t));
            b.setId("verify-" + t.id());
            return b;
        }).setHeader(getTranslation("trades.proof")).setAutoWidth(true);
        trades.setItems(q -> queries.trades(viewer, null, q.getOffset(), q.getLimit()).stream(),
                q -> (int) Math.min(Integer.MAX_VALUE, queries.tradeCount(viewer, null)));
        trades.setHeight("24rem");
        verdict.setId("verdict");
        certificates.setId("certificates");
        TradeColumns.certificates(certificates, this);
        certificates.setItems(q -> queries.certificates(viewer, q.getOffset(), q.getLimit()).stream(),
                q -> (int) queries.certificateCount(viewer));
        certificates.setHeight("14rem");
        add(new H2(getTranslation("trades.title")), trades, verdict, new H3(getTranslation("trades.certificates")), certificates);
    }

    /** Checks the trade's proof against the chain on a background thread, with progress shown meanwhile. */
    void verify(TradeRow t) {
        verdict.removeAll();
        ProgressBar progress = new ProgressBar();
        progress.setIndeterminate(true);
        verdict.add(new Span(getTranslation("trades.verifying", t.id())), progress);
        UI ui = UI.getCurrent();
        CompletableFuture.supplyAsync(() -> proofs.proof(t.id(), viewer)).whenComplete((p, err) -> ui.access(() -> showVerdict(t, p, err)));
    }

    void showVerdict(TradeRow t, TradeProofs.Proof p, Throwable err) {
        verdict.removeAll();
        Dialog d = new Dialog();
        d.setHeaderTitle(getTranslation("trades.verdictTitle", t.id()));
        if (err != null) {
            Throwable cause = err.getCause() != null ? err.getCause() : err;
            Paragraph message = new Paragraph(getTranslation("trades.verifyError", cause.getMessage()));
            message.addClassName("gx-alarm");
            message.setId("verify-result");
            d.add(message);
            verdict.add(new Span(message.getText()));
        } else {
            Paragraph result = new Paragraph(getTranslation(p.verifiedOnChain() ? "trades.verified" : "trades.notVerified",
                    p.proof().size(), p.onChainRoot(), p.settlementContract()));
            result.setId("verify-result");
            result.addClassName(p.verifiedOnChain() ? "gx-up" : "gx-alarm");
            Paragraph leaf = new Paragraph(getTranslation("trades.leaf", p.leafRecordHex()));
            leaf.addClassName("gx-mono");
            d.add(result, leaf);
            verdict.add(new Span(result.getText()));
        }
        Button close = new Button(getTranslation("action.close"), e -> d.close());
        close.setId("close-verdict");
        d.getFooter().add(close);
        add(d);
        d.open();
    }

    @Override
    public String getPageTitle() {
        return "Greenex · " + getTranslation("trades.title");
    }
}
