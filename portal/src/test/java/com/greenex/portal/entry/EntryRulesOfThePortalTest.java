package com.greenex.portal.entry;

import com.greenex.rules.Standing;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The entry feature's pure parts: the voltage limits setting and the participant's standing moves. */
class EntryRulesOfThePortalTest {

    @Test
    void voltageLimitsAreReadAsLevelAndKilowatts() {
        var limits = new EntryProperties(" 0.4kV:100 , 10kV:6000.5", 5).limits();
        assertThat(limits).hasSize(2);
        assertThat(limits.get(0).voltageLevel()).isEqualTo("0.4kV");
        assertThat(limits.get(0).maxCapacityKw()).isEqualByComparingTo("100");
        assertThat(limits.get(1).maxCapacityKw()).isEqualByComparingTo(new BigDecimal("6000.5"));
    }

    @Test
    void aMalformedVoltageLimitIsRefusedAtStartNamingThePair() {
        assertThatThrownBy(() -> new EntryProperties("0.4kV=100", 5)).hasMessage("greenex.entry.voltage-limits: '0.4kV=100' is not level:kW (e.g. 0.4kV:100)");
        assertThatThrownBy(() -> new EntryProperties("0.4kV:100,10kV:lots", 5))
                .hasMessage("greenex.entry.voltage-limits: 'lots' in '10kV:lots' is not a number of kW");
    }

    @Test
    void anApplicantIsAdmittedRejectedOrWithdrawsAppliesAgainAfterARejectionAndOnlyTheAdmittedCanBeDelisted() {
        assertThat(ParticipantRegister.next(Standing.Status.APPLIED))
                .containsExactlyInAnyOrder(Standing.Status.ADMITTED, Standing.Status.REJECTED, Standing.Status.WITHDRAWN);
        assertThat(ParticipantRegister.next(Standing.Status.ADMITTED)).containsExactly(Standing.Status.DELISTED);
        assertThat(ParticipantRegister.next(Standing.Status.REJECTED)).containsExactly(Standing.Status.APPLIED);
        assertThat(ParticipantRegister.next(Standing.Status.WITHDRAWN)).containsExactly(Standing.Status.APPLIED);
        assertThat(ParticipantRegister.next(Standing.Status.DELISTED)).isEmpty();
    }
}
