package com.greenex.portal.participant;

import com.greenex.portal.base.ui.Inputs;
import com.greenex.portal.base.ui.Formats;
import com.greenex.portal.market.PricePreferences;
import com.greenex.portal.security.Viewer;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.TextField;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * "My prices": the participant's mode (automatic from its battery, or stated limits), its lowest sell
 * and highest buy price, one time-of-day window (market time, UTC+8), and what applied in its latest
 * intervals with the reason when a stated price was refused. Errors are said next to their field.
 */
class MyPrices extends Div {

    final RadioButtonGroup<PricePreferences.Mode> mode = new RadioButtonGroup<>();
    final TextField minSell = new TextField();
    final TextField maxBuy = new TextField();
    final TextField windowFrom = new TextField();
    final TextField windowTo = new TextField();
    final TextField windowMinSell = new TextField();
    final TextField windowMaxBuy = new TextField();
    final Paragraph saved = new Paragraph();
    final Grid<PricePreferences.Applied> applied = new Grid<>();
    private final PricePreferences prices;
    private final Viewer viewer;
    private final String participant;

    MyPrices(PricePreferences prices, Viewer viewer, String participant) {
        this.prices = prices;
        this.viewer = viewer;
        this.participant = participant;
        setId("my-prices");
        mode.setId("price-mode");
        mode.setItems(PricePreferences.Mode.values());
        mode.setItemLabelGenerator(m -> getTranslation("prices.mode." + m.name()));
        minSell.setId("min-sell");
        minSell.setLabel(getTranslation("prices.minSell"));
        maxBuy.setId("max-buy");
        maxBuy.setLabel(getTranslation("prices.maxBuy"));
        windowFrom.setLabel(getTranslation("prices.windowFrom"));
        windowFrom.setPlaceholder("17:00");
        windowTo.setLabel(getTranslation("prices.windowTo"));
        windowTo.setPlaceholder("21:00");
        windowMinSell.setLabel(getTranslation("prices.minSell"));
        windowMaxBuy.setLabel(getTranslation("prices.maxBuy"));
        for (TextField f : List.of(minSell, maxBuy, windowMinSell, windowMaxBuy)) {
            f.setWidth("16em");
        }
        Button save = new Button(getTranslation("prices.save"), e -> save());
        save.setId("save-prices");
        saved.setId("prices-saved");
        mode.addValueChangeListener(e -> enableLimits());
        applied.setId("prices-applied");
        applied.addColumn(PricePreferences.Applied::intervalId).setHeader("#").setAutoWidth(true);
        applied.addColumn(a -> Formats.TIME.format(a.start())).setHeader(getTranslation("market.start")).setAutoWidth(true);
        applied.addColumn(a -> getTranslation("role." + a.role())).setHeader(getTranslation("participant.role"));
        applied.addColumn(a -> getTranslation("prices.source." + a.source().name())).setHeader(getTranslation("prices.source"));
        applied.addColumn(a -> Formats.price(a.reservationPrice())).setHeader(getTranslation("participant.reservation"));
        applied.addColumn(a -> a.marketKwh() == null ? "" : Formats.energy(a.marketKwh())).setHeader(getTranslation("prices.traded"));
        applied.addColumn(a -> a.refusal() == null ? "" : a.refusal()).setHeader(getTranslation("prices.refusal")).setFlexGrow(1);
        applied.setHeight("12rem");
        add(new HorizontalLayout(mode), new HorizontalLayout(minSell, maxBuy),
                new Paragraph(getTranslation("prices.windowHelp")), new HorizontalLayout(windowFrom, windowTo, windowMinSell, windowMaxBuy),
                new HorizontalLayout(save, saved), applied);
        load();
    }

    private void load() {
        PricePreferences.Preferences p = prices.get(viewer, participant);
        mode.setValue(p.mode());
        minSell.setValue(p.minSellPrice() == null ? "" : p.minSellPrice().stripTrailingZeros().toPlainString());
        maxBuy.setValue(p.maxBuyPrice() == null ? "" : p.maxBuyPrice().stripTrailingZeros().toPlainString());
        if (!p.schedule().isEmpty()) {
            PricePreferences.Window w = p.schedule().getFirst();
            windowFrom.setValue(w.from());
            windowTo.setValue(w.to());
            windowMinSell.setValue(w.minSellPrice() == null ? "" : w.minSellPrice().stripTrailingZeros().toPlainString());
            windowMaxBuy.setValue(w.maxBuyPrice() == null ? "" : w.maxBuyPrice().stripTrailingZeros().toPlainString());
        }
        applied.setItems(prices.history(viewer, participant, 50));
        enableLimits();
    }

    private void enableLimits() {
        boolean limits = mode.getValue() == PricePreferences.Mode.LIMITS;
        for (TextField f : List.of(minSell, maxBuy, windowFrom, windowTo, windowMinSell, windowMaxBuy)) {
            f.setEnabled(limits);
        }
    }

    void save() {
        List<TextField> all = List.of(minSell, maxBuy, windowFrom, windowTo, windowMinSell, windowMaxBuy);
        all.forEach(f -> f.setInvalid(false));
        saved.setText("");
        try {
            PricePreferences.Preferences p;
            if (mode.getValue() == PricePreferences.Mode.LIMITS) {
                List<PricePreferences.Window> schedule = new ArrayList<>();
                if (!windowFrom.getValue().isBlank() || !windowTo.getValue().isBlank()) {
                    schedule.add(new PricePreferences.Window(windowFrom.getValue().strip(), windowTo.getValue().strip(),
                            Inputs.decimal(windowMinSell, "schedule[0].minSellPrice"),
                            Inputs.decimal(windowMaxBuy, "schedule[0].maxBuyPrice")));
                }
                p = new PricePreferences.Preferences(PricePreferences.Mode.LIMITS, Inputs.decimal(minSell, "minSellPrice"),
                        Inputs.decimal(maxBuy, "maxBuyPrice"), schedule);
            } else {
                p = new PricePreferences.Preferences(PricePreferences.Mode.AUTOMATIC, null, null, List.of());
            }
            prices.set(viewer, participant, p);
            saved.setText(getTranslation("prices.saved"));
            saved.setClassName("gx-up");
            load();
        } catch (IllegalArgumentException | IllegalStateException e) {
            String message = e.getMessage();
            TextField field = fieldOf(message);
            if (field != null) {
                field.setInvalid(true);
                field.setErrorMessage(message.substring(message.indexOf(':') + 1).strip());
            } else {
                saved.setText(message);
                saved.setClassName("gx-alarm");
            }
        }
    }

    private TextField fieldOf(String message) {
        String f = message.contains(":") ? message.substring(0, message.indexOf(':')) : "";
        return switch (f) {
            case "minSellPrice" -> minSell;
            case "maxBuyPrice" -> maxBuy;
            case "schedule[0].from" -> windowFrom;
            case "schedule[0].to" -> windowTo;
            case "schedule[0].minSellPrice" -> windowMinSell;
            case "schedule[0].maxBuyPrice" -> windowMaxBuy;
            default -> null;
        };
    }
}
