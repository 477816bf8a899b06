package com.greenex.portal.trades;

import com.greenex.portal.base.ui.Formats;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;

/**
 * The columns of a trade and of a certificate, the same in every view that lists them: a trade's figures
 * as wide as they are (an energy or amount cut to "0.133 …" is no figure) and aligned to the right.
 */
public final class TradeColumns {

    private TradeColumns() {
    }

    public static void trades(Grid<TradeRow> grid, Component i18n, String priceUnit) {
        grid.addColumn(TradeRow::id).setHeader("#").setAutoWidth(true);
        grid.addColumn(TradeRow::intervalId).setHeader(i18n.getTranslation("trades.interval")).setAutoWidth(true);
        grid.addColumn(TradeRow::sellerId).setHeader(i18n.getTranslation("trades.seller")).setAutoWidth(true);
        grid.addColumn(TradeRow::buyerId).setHeader(i18n.getTranslation("trades.buyer")).setAutoWidth(true);
        figure(grid.addColumn(t -> Formats.energy(t.energyKwh())).setHeader(i18n.getTranslation("market.energy")));
        figure(grid.addColumn(t -> Formats.price(t.price())).setHeader(i18n.getTranslation("market.price") + " (" + priceUnit + ")"));
        figure(grid.addColumn(t -> t.amount().stripTrailingZeros().toPlainString()).setHeader(i18n.getTranslation("trades.amount")));
        grid.addColumn(t -> i18n.getTranslation("settlement." + t.settlementState())).setHeader(i18n.getTranslation("trades.state")).setAutoWidth(true);
        grid.addColumn(t -> t.txHash() == null ? "" : Formats.short0x(t.txHash())).setHeader(i18n.getTranslation("market.tx")).setAutoWidth(true);
        figure(grid.addColumn(t -> t.blockNumber() == null ? "" : t.blockNumber().toString()).setHeader(i18n.getTranslation("trades.block")));
    }

    /** A figure's column: as wide as its figures, aligned to the right. */
    private static void figure(Grid.Column<?> column) {
        column.setAutoWidth(true).setTextAlign(ColumnTextAlign.END);
    }

    public static void certificates(Grid<Certificate> grid, Component i18n) {
        grid.addColumn(Certificate::serial).setHeader(i18n.getTranslation("certificates.serial")).setAutoWidth(true);
        grid.addColumn(Certificate::ownerId).setHeader(i18n.getTranslation("certificates.owner"));
        grid.addColumn(Certificate::issuedToId).setHeader(i18n.getTranslation("certificates.issuedTo"));
        grid.addColumn(c -> i18n.getTranslation("certificate." + c.status())).setHeader(i18n.getTranslation("trades.state"));
        grid.addColumn(c -> Formats.TIME.format(c.issuedAt())).setHeader(i18n.getTranslation("certificates.issuedAt"));
        grid.addColumn(c -> c.sourceKwh().stripTrailingZeros().toPlainString() + " kWh / " + c.sourceTrades()).setHeader(i18n.getTranslation("certificates.sources"));
        grid.addColumn(c -> c.txHash() == null ? "" : Formats.short0x(c.txHash())).setHeader(i18n.getTranslation("market.tx"));
    }
}
