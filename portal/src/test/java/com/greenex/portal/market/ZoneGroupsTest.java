package com.greenex.portal.market;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ZoneGroupsTest {

    @Test
    void groupsAreReadAndEveryMistakeIsNamed() {
        assertThat(ZoneGroups.parse("Z-NORTH:SS-01+SS-02; Z-SOUTH:SS-03")).isEqualTo(Map.of("Z-NORTH", List.of("SS-01", "SS-02"), "Z-SOUTH", List.of("SS-03")));
        assertThat(ZoneGroups.parse("")).isEmpty();
        assertThatThrownBy(() -> ZoneGroups.parse("Z-NORTH=SS-01")).hasMessage(
                "greenex.market.zone-groups: 'Z-NORTH=SS-01' is not ZONE:SUBSTATION+SUBSTATION (e.g. Z-NORTH:SS-01+SS-02)");
        assertThatThrownBy(() -> ZoneGroups.parse("Z-A:SS-01;Z-B:SS-02+SS-01")).hasMessage(
                "greenex.market.zone-groups: substation SS-01 is in zone Z-A and in zone Z-B");
        assertThatThrownBy(() -> ZoneGroups.parse("Z-A:SS 01")).hasMessage("greenex.market.zone-groups: 'SS 01' in zone Z-A is not a substation id");
    }
}
