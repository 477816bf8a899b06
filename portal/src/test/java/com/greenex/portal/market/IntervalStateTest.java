package com.greenex.portal.market;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

class IntervalStateTest {

    @Test
    void anIntervalMovesForwardOnlyAlongItsLife() {
        assertThat(IntervalState.COLLECTING.next()).containsExactly(IntervalState.CLEARING);
        assertThat(IntervalState.CLEARING.next()).containsExactlyInAnyOrder(IntervalState.CLEARING, IntervalState.CLEARED, IntervalState.FAILED);
        assertThat(IntervalState.CLEARED.next()).containsExactlyInAnyOrder(IntervalState.SETTLING, IntervalState.SETTLED);
        assertThat(IntervalState.SETTLING.next()).containsExactly(IntervalState.SETTLED);
        assertThat(IntervalState.SETTLED.mayMoveTo(IntervalState.CLEARING)).isFalse();
        assertThat(IntervalState.CLEARED.mayMoveTo(IntervalState.FAILED)).as("a cleared interval's results stand").isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = IntervalState.class, names = {"SETTLED", "FAILED"})
    void settledAndFailedAreFinal(IntervalState s) {
        assertThat(s.next()).isEmpty();
        assertThat(s.open()).isFalse();
    }

    @Test
    void beforeIsTheInverseOfNext() {
        for (IntervalState to : IntervalState.values()) {
            for (IntervalState from : IntervalState.values()) {
                assertThat(IntervalState.before(to).contains(from)).as(from + " -> " + to).isEqualTo(from.mayMoveTo(to));
            }
        }
        assertThat(IntervalState.before(IntervalState.SETTLED)).containsExactlyInAnyOrder(IntervalState.CLEARED, IntervalState.SETTLING);
        assertThat(IntervalState.before(IntervalState.COLLECTING)).as("only opening an interval makes it COLLECTING").isEmpty();
    }

    @Test
    void onlyCollectingAndClearingAreStillOpen() {
        assertThat(IntervalState.COLLECTING.open()).isTrue();
        assertThat(IntervalState.CLEARING.open()).isTrue();
        assertThat(IntervalState.CLEARED.open()).isFalse();
    }
}
