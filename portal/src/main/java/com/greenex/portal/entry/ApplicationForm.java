package com.greenex.portal.entry;

import com.greenex.portal.base.ui.Inputs;
import com.greenex.rules.Finding;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.HasValidation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an applicant states (name, contact, capacity, voltage level, meters, battery, trading client):
 * read as {@link SelfServiceEntry.Terms}, filled from an application to correct it, and a refusal shown
 * next to the field it names ("capacityKw: …").
 */
class ApplicationForm extends FormLayout {

    final TextField name = field("apply-name", "apply.name");
    final TextField contact = field("apply-contact", "apply.contact");
    final TextField capacity = field("apply-capacity", "apply.capacity");
    final Select<String> voltage = new Select<>();
    final TextField meters = field("apply-meters", "apply.meters");
    final Checkbox smart = new Checkbox();
    final TextField battery = field("apply-battery", "apply.battery");
    final TextField client = field("apply-client", "apply.client");
    /** A refusal that names no field of the form. */
    final Div error = new Div();

    ApplicationForm(List<String> voltageLevels) {
        voltage.setId("apply-voltage");
        voltage.setLabel(getTranslation("apply.voltage"));
        voltage.setItems(voltageLevels);
        meters.setHelperText(getTranslation("apply.metersHelp"));
        smart.setId("apply-smart");
        smart.setLabel(getTranslation("apply.smart"));
        battery.setHelperText(getTranslation("apply.batteryHelp"));
        client.setHelperText(getTranslation("apply.clientHelp"));
        error.setId("apply-error");
        error.addClassName("gx-alarm");
        add(name, contact, capacity, voltage, meters, smart, battery, client);
    }

    private TextField field(String id, String label) {
        TextField f = new TextField(getTranslation(label));
        f.setId(id);
        return f;
    }

    /**
     * What the form says, as the service reads it.
     *
     * @throws IllegalArgumentException naming the field whose number cannot be read
     */
    SelfServiceEntry.Terms terms() {
        List<SelfServiceEntry.StatedMeter> stated = new ArrayList<>();
        for (String id : meters.getValue().split("[,\\s]+")) {
            if (!id.isBlank()) {
                stated.add(new SelfServiceEntry.StatedMeter(id.strip(), smart.getValue()));
            }
        }
        return new SelfServiceEntry.Terms(name.getValue(), contact.getValue(), Inputs.decimal(capacity, "capacityKw"), voltage.getValue(), stated,
                Inputs.decimal(battery, "batteryKwh"), client.getValue());
    }

    void show(SelfServiceEntry.Terms t) {
        name.setValue(t.name() == null ? "" : t.name());
        contact.setValue(t.contact() == null ? "" : t.contact());
        capacity.setValue(t.capacityKw() == null ? "" : t.capacityKw().stripTrailingZeros().toPlainString());
        voltage.setValue(t.voltageLevel());
        meters.setValue(String.join(", ", t.meters().stream().map(SelfServiceEntry.StatedMeter::id).toList()));
        smart.setValue(!t.meters().isEmpty() && t.meters().stream().allMatch(m -> Boolean.TRUE.equals(m.smart())));
        battery.setValue(t.batteryKwh() == null ? "" : t.batteryKwh().stripTrailingZeros().toPlainString());
        client.setValue(t.tradingClient() == null ? "" : t.tradingClient());
    }

    private Map<String, HasValidation> fields() {
        Map<String, HasValidation> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("contact", contact);
        m.put("capacityKw", capacity);
        m.put("voltageLevel", voltage);
        m.put("meters", meters);
        m.put("batteryKwh", battery);
        m.put("tradingClient", client);
        return m;
    }

    void clearErrors() {
        fields().values().forEach(f -> f.setInvalid(false));
        error.setText("");
    }

    /**
     * Shows a refusal next to the field it names (meters[1].id goes to the meters field).
     *
     * @return whether a field of this form took it; if not it is shown under the form
     */
    boolean showError(String message) {
        String head = message.contains(":") ? message.substring(0, message.indexOf(':')) : "";
        String key = head.replaceAll("\\[.*$", "");
        HasValidation f = fields().get(key);
        if (f == null) {
            error.setText(message);
            return false;
        }
        f.setErrorMessage(head.equals(key) ? message.substring(message.indexOf(':') + 1).strip() : message);
        f.setInvalid(true);
        return true;
    }

    /** Every rule's verdict on an application, with its reason. */
    static Grid<Finding> verdictGrid(com.vaadin.flow.component.Component in, String id) {
        Grid<Finding> g = new Grid<>();
        g.setId(id);
        g.addColumn(Finding::rule).setHeader(in.getTranslation("regulator.rule")).setAutoWidth(true);
        g.addColumn(f -> in.getTranslation(f.failed() ? "regulator.fail" : "regulator.pass")).setHeader(in.getTranslation("regulator.verdict")).setAutoWidth(true);
        g.addColumn(Finding::reason).setHeader(in.getTranslation("regulator.reason")).setFlexGrow(1);
        g.setAllRowsVisible(true);
        g.addThemeVariants(com.vaadin.flow.component.grid.GridVariant.LUMO_WRAP_CELL_CONTENT);
        return g;
    }
}
