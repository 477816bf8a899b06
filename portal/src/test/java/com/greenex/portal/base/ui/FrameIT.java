package com.greenex.portal.base.ui;

import com.greenex.portal.dashboard.DashboardView;
import com.greenex.portal.entry.RegulatorView;
import com.greenex.portal.market.MarketView;
import com.greenex.portal.participant.ParticipantView;
import com.greenex.portal.scada.IntegratorView;
import com.greenex.portal.testing.ViewTest;
import com.greenex.portal.trades.TradesView;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.login.LoginForm;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static com.github.mvysny.kaributesting.v10.GridKt._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The frame around every view: sign-in, each role's first view, who may open what, both languages. */
class FrameIT extends ViewTest {

    @Test
    void signedOutEveryAddressLeadsToTheLoginViewWithoutTheFrame() {
        signedOut();
        UI.getCurrent().navigate("login");
        _get(LoginForm.class);
        assertThat(_find(MainLayout.class)).isEmpty();
        UI.getCurrent().navigate(RegulatorView.class);
        assertThat(_find(RegulatorView.class)).isEmpty();
        _get(LoginForm.class);
    }

    @Test
    void eachRoleLandsOnItsOwnFirstView() {
        as("dispatcher");
        UI.getCurrent().navigate("");
        _get(DashboardView.class);
        tearDown();
        as("regulator");
        UI.getCurrent().navigate("");
        _get(RegulatorView.class);
        tearDown();
        as("integrator");
        UI.getCurrent().navigate("");
        _get(IntegratorView.class);
        tearDown();
        as("prosumer1");
        UI.getCurrent().navigate("");
        _get(ParticipantView.class);
    }

    @Test
    void aParticipantCannotOpenTheOperatorsViews() {
        as("prosumer1");
        for (Class<? extends Component> view : List.of(RegulatorView.class, DashboardView.class, IntegratorView.class, TradesView.class, MarketView.class)) {
            assertThatThrownBy(() -> UI.getCurrent().navigate(view)).as(view.getSimpleName())
                    .satisfies(e -> assertThat(e.getClass().getSimpleName()).contains("AccessDenied"));
            assertThat(_find(view)).as(view.getSimpleName()).isEmpty();
        }
    }

    @Test
    void anIntegratorSeesNoParticipantsTradesResultsOrBills() {
        as("integrator");
        for (Class<? extends Component> view : List.of(TradesView.class, MarketView.class, com.greenex.portal.participant.ParticipantView.class,
                DashboardView.class, RegulatorView.class)) {
            assertThatThrownBy(() -> UI.getCurrent().navigate(view)).as(view.getSimpleName())
                    .satisfies(e -> assertThat(e.getClass().getSimpleName()).contains("AccessDenied"));
        }
        UI.getCurrent().navigate(IntegratorView.class);
        assertThat(_find(IntegratorView.class)).hasSize(1);
    }

    @Test
    void everyViewIsTranslatedIntoChinese() {
        for (String[] userAndView : new String[][] {{"dispatcher", "dashboard"}, {"dispatcher", "market"}, {"regulator", "regulator"},
                {"integrator", "integrator"}, {"regulator", "trades"}, {"prosumer1", "participant"}}) {
            for (Locale locale : List.of(Locale.ENGLISH, MainLayout.CHINESE)) {
                as(userAndView[0], locale);
                UI.getCurrent().navigate(userAndView[1]);
                List<String> texts = texts();
                assertThat(texts).as(userAndView[1] + " in " + locale).noneMatch(t -> t.contains("!{"));
                if (locale.equals(MainLayout.CHINESE)) {
                    assertThat(String.join(" ", texts)).as(userAndView[1]).containsPattern("[\\u4e00-\\u9fff]");
                }
                tearDown();
            }
        }
    }
}
