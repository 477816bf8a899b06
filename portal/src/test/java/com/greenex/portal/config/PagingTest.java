package com.greenex.portal.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PagingTest {

    @Test
    void theOffsetIsPageTimesSize() {
        assertThat(Paging.offset(0, 50)).isZero();
        assertThat(Paging.offset(3, 50)).isEqualTo(150);
        assertThat(Paging.offset(2_147_483, 1000)).isEqualTo(2_147_483_000);
    }

    @Test
    void badPagesAndSizesAreNamedAndAnOffsetBeyondAnyListIsRefused() {
        assertThatThrownBy(() -> Paging.offset(-1, 50)).hasMessage("page must be 0 or more, got -1");
        assertThatThrownBy(() -> Paging.offset(0, 0)).hasMessage("size must be 1 to 1000, got 0");
        assertThatThrownBy(() -> Paging.offset(0, 1001)).hasMessage("size must be 1 to 1000, got 1001");
        assertThatThrownBy(() -> Paging.offset(Integer.MAX_VALUE, 1000)).hasMessageContaining("beyond the end of any list");
    }
}
