package com.greenex.portal.scada;

import com.greenex.portal.testing.ViewTest;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Paragraph;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static com.github.mvysny.kaributesting.v10.GridKt._get;
import static com.github.mvysny.kaributesting.v10.GridKt._getFormattedRow;
import static com.github.mvysny.kaributesting.v10.GridKt._size;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

/** The integrator's view on the demo's simulated substation. */
class IntegratorViewIT extends ViewTest {

    @Test
    void theIntegratorSeesConnectionsLiveValuesAndEveryProblemOfAnUploadedMapping() {
        as("integrator");
        UI.getCurrent().navigate(IntegratorView.class);
        IntegratorView view = _get(IntegratorView.class);
        assertThat(String.join(" ", texts())).contains("substation SS-01", "connected");
        assertThat(_size(view.liveGrid)).isEqualTo(200); // 20 prosumers × 10 points
        assertThat(_getFormattedRow(view.liveGrid, 0)).contains("good");

        view.validate("broken.yaml", "substation: [unclosed".getBytes(StandardCharsets.UTF_8));
        assertThat(_get(Paragraph.class, s -> s.withId("mapping-summary")).getText()).startsWith("The mapping cannot be used: broken.yaml: not valid YAML");
        assertThat(view.register.isEnabled()).isFalse();

        String mapping = """
                substation: SS-02
                endpoint: opc.tcp://127.0.0.1:4840/ss02
                security: {policy: None, mode: None}
                points:
                  - {participant: P-001, meter: M-001, quantity: ACTIVE_POWER_KW, node: "ns=2;s=P1.power"}
                  - {participant: P-002, meter: M-002, quantity: ACTIVE_POWER_KW, node: "not a node id"}
                """;
        view.validate("ss02.yaml", mapping.getBytes(StandardCharsets.UTF_8));
        assertThat(_get(Paragraph.class, s -> s.withId("mapping-summary")).getText()).isEqualTo("ss02.yaml: substation SS-02, 1 usable point(s), 1 with problems.");
        assertThat(_size(view.problems)).isEqualTo(1);
        assertThat(_get(view.problems, 0).participant()).isEqualTo("P-002");
        assertThat(view.register.isEnabled()).as("a mapping with a problem is registered whole or not at all").isFalse();

        // A clean mapping whose endpoint is down: named, and nothing registered.
        view.validate("ss02.yaml", mapping.replace("\"not a node id\"", "\"ns=2;s=P2.power\"").replace("4840", "1").getBytes(StandardCharsets.UTF_8));
        assertThat(view.register.isEnabled()).isTrue();
        view.registerPoints();
        assertThat(_get(Paragraph.class, s -> s.withId("mapping-summary")).getText()).contains("SS-02: endpoint opc.tcp://127.0.0.1:1/ss02 cannot be reached");
        assertThat(jdbc.sql("SELECT count(*) FROM points WHERE substation_id = 'SS-02'").query(Long.class).single()).isZero();
    }

    @Test
    void theIntegratorPausesAndResumesASubstationWithAReason() {
        as("integrator");
        UI.getCurrent().navigate(IntegratorView.class);
        IntegratorView view = _get(IntegratorView.class);
        SubstationLifecycle.Substation ss01 = view.substationGrid.getListDataView().getItems().filter(s -> s.id().equals("SS-01")).findFirst().orElseThrow();
        assertThat(ss01.state()).isEqualTo("ACTIVE");
        assertThat(view.pause.isEnabled()).as("nothing selected").isFalse();
        view.substationGrid.asSingleSelect().setValue(ss01);
        assertThat(view.pause.isEnabled()).isTrue();
        assertThat(view.resume.isEnabled()).isFalse();

        view.pause.click(); // no reason: refused, named
        assertThat(_get(view.substationResult, Paragraph.class).getText()).startsWith("reason: say why");
        assertThat(view.substationGrid.asSingleSelect().getValue().state()).isEqualTo("ACTIVE");

        try {
            view.stateReason.setValue("transformer maintenance");
            view.pause.click();
            assertThat(_get(view.substationResult, Paragraph.class).getText()).isEqualTo("Substation SS-01 is now paused (not bridged, its zone not cleared).");
            assertThat(view.substationGrid.asSingleSelect().getValue().state()).isEqualTo("PAUSED");
            assertThat(String.join(" ", _getFormattedRow(view.substationGrid, 0))).contains("transformer maintenance (integrator, ");
            assertThat(view.resume.isEnabled()).isTrue();
            assertThat(jdbc.sql("SELECT details->>'reason' FROM audit_log WHERE action = 'SUBSTATION_PAUSED' AND subject = 'substation:SS-01'")
                    .query(String.class).single()).isEqualTo("transformer maintenance");
        } finally {
            view.resume.click();
        }
        assertThat(view.substationGrid.asSingleSelect().getValue().state()).isEqualTo("ACTIVE");
        assertThat(view.substationGrid.asSingleSelect().getValue().bridge().substation()).isEqualTo("SS-01");
    }
}
