package com.greenex.settlement;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A batch moves forward (PENDING → SENT → CONFIRMED, FAILED at the end) and back to PENDING only when the chain lost it. */
class BatchStateTest {

    @Test
    void batchesMoveForwardOnly() {
        assertThat(BatchState.PENDING.mayMoveTo(BatchState.SENT)).isTrue();
        assertThat(BatchState.SENT.mayMoveTo(BatchState.CONFIRMED)).isTrue();
        assertThat(BatchState.PENDING.mayMoveTo(BatchState.CONFIRMED)).isFalse();
        assertThat(BatchState.CONFIRMED.next()).containsExactly(BatchState.PENDING);
        assertThat(BatchState.FAILED.next()).isEmpty();
        assertThat(BatchState.SENT.mayMoveTo(BatchState.PENDING)).isTrue();
        assertThat(BatchState.CONFIRMED.mayMoveTo(BatchState.SENT)).isFalse();
        assertThat(BatchState.PENDING.open()).isTrue();
        assertThat(BatchState.CONFIRMED.open()).isFalse();
    }

    @Test
    void anIllegalMoveNamesBothStates() {
        assertThatThrownBy(() -> BatchState.CONFIRMED.requireMoveTo(BatchState.SENT)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("from CONFIRMED to SENT");
    }
}
