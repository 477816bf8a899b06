package com.greenex.settlement;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A batch only moves forward: PENDING → SENT → CONFIRMED, FAILED at the end; anything else is refused by name. */
class BatchStateTest {

    @Test
    void batchesMoveForwardOnly() {
        assertThat(BatchState.PENDING.mayMoveTo(BatchState.SENT)).isTrue();
        assertThat(BatchState.SENT.mayMoveTo(BatchState.CONFIRMED)).isTrue();
        assertThat(BatchState.PENDING.mayMoveTo(BatchState.CONFIRMED)).isFalse();
        assertThat(BatchState.CONFIRMED.next()).isEmpty();
        assertThat(BatchState.FAILED.next()).isEmpty();
        assertThat(BatchState.SENT.mayMoveTo(BatchState.PENDING)).isFalse();
        assertThat(BatchState.PENDING.open()).isTrue();
        assertThat(BatchState.CONFIRMED.open()).isFalse();
    }

    @Test
    void anIllegalMoveNamesBothStates() {
        assertThatThrownBy(() -> BatchState.CONFIRMED.requireMoveTo(BatchState.SENT)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("from CONFIRMED to SENT");
    }
}
