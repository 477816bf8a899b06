package com.greenex.market;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The equilibrium verdict as a type: its stored text reads back to the same verdict, and bad text is named. */
class EquilibriumTest {

    @Test
    void eachVerdictReadsBackFromItsText() {
        for (Equilibrium e : new Equilibrium[] {Equilibrium.verifiedNow(), new Equilibrium.NotApplicable("balanced market, no bidding"),
                new Equilibrium.NotReached("500 best-response moves left 2 participant(s) able to gain")}) {
            assertThat(Equilibrium.parse(e.text())).isEqualTo(e);
        }
        assertThat(Equilibrium.parse("VERIFIED").verified()).isTrue();
        assertThat(Equilibrium.parse("NOT_APPLICABLE: one side is empty, nobody trades").verified()).isFalse();
    }

    @Test
    void aVerdictThatIsNotVerifiedNeedsItsReasonAndUnknownTextIsNamed() {
        assertThatThrownBy(() -> new Equilibrium.NotReached(" ")).hasMessageContaining("needs its reason");
        assertThatThrownBy(() -> Equilibrium.parse("verified")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'verified'");
        assertThatThrownBy(() -> Equilibrium.parse("NOT_REACHED")).hasMessageContaining("NOT_REACHED: <reason>");
    }
}
