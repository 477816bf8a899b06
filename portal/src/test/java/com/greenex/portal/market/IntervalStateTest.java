package com.greenex.portal.market;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IntervalStateTest {

    @Test
    void anIntervalMovesForwardOnlyAlongItsLife() {
        assertThat(IntervalState.OPEN.next()).containsExactlyInAnyOrder(IntervalState.GATE_CLOSED, IntervalState.FAILED, IntervalState.MISSED);
        assertThat(IntervalState.GATE_CLOSED.next()).containsExactlyInAnyOrder(IntervalState.GATE_CLOSED, IntervalState.CLEARED, IntervalState.FAILED,
                IntervalState.MISSED);
        assertThat(IntervalState.CLEARED.next()).containsExactlyInAnyOrder(IntervalState.DISPATCHED, IntervalState.DELIVERING);
        assertThat(IntervalState.DISPATCHED.next()).containsExactly(IntervalState.DELIVERING);
        assertThat(IntervalState.DELIVERING.next()).containsExactly(IntervalState.METERED);
        assertThat(IntervalState.METERED.next()).containsExactly(IntervalState.SETTLED);
        assertThat(IntervalState.CLEARED.mayMoveTo(IntervalState.FAILED)).as("a scheduled interval's results stand").isFalse();
        assertThat(IntervalState.DELIVERING.mayMoveTo(IntervalState.SETTLED)).as("never settled before it is metered").isFalse();
        assertThat(IntervalState.SETTLED.next()).as("only back to METERED, when the chain lost a batch").containsExactly(IntervalState.METERED);
        assertThat(IntervalState.SETTLED.open()).isFalse();
    }

    @Test
    void missedIsFinalAndFailedGoesOnlyBackToTheGateToBeClearedAgain() {
        assertThat(IntervalState.MISSED.next()).isEmpty();
        assertThat(IntervalState.MISSED.open()).isFalse();
        assertThat(IntervalState.FAILED.next()).containsExactly(IntervalState.GATE_CLOSED);
        assertThat(IntervalState.FAILED.open()).as("not cleared unless a dispatcher asks").isFalse();
    }

    @Test
    void beforeIsTheInverseOfNext() {
        for (IntervalState to : IntervalState.values()) {
            for (IntervalState from : IntervalState.values()) {
                assertThat(IntervalState.before(to).contains(from)).as(from + " -> " + to).isEqualTo(from.mayMoveTo(to));
            }
        }
        assertThat(IntervalState.before(IntervalState.DELIVERING)).containsExactlyInAnyOrder(IntervalState.CLEARED, IntervalState.DISPATCHED);
        assertThat(IntervalState.before(IntervalState.OPEN)).as("only opening an interval makes it OPEN").isEmpty();
    }

    @Test
    void onlyOpenAndGateClosedAreStillToBeCleared() {
        assertThat(IntervalState.OPEN.open()).isTrue();
        assertThat(IntervalState.GATE_CLOSED.open()).isTrue();
        assertThat(IntervalState.CLEARED.open()).isFalse();
    }
}
