package com.greenex.rules;

import org.drools.model.codegen.ExecutableModelProject;
import org.junit.jupiter.api.Test;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleLoadingTest {

    @Test
    void theShippedRulesLoadFromTheExecutableModel() {
        assertThat(MarketRules.load().ruleNames()).hasSize(38)
                .contains("AdmitEntry", "DelistSilentMeter", "AssignSellerRole", "AcceptQuote", "SellerChargesBatteryBeforeSellingToGrid", "BatteryFollowsItsSetpoint", "RejectQuoteAfterGateClosure");
    }

    @Test
    void aBrokenRuleFileStopsLoadingWithItsFileAndLine() {
        KieServices ks = KieServices.Factory.get();
        KieFileSystem kfs = ks.newKieFileSystem();
        kfs.write("src/main/resources/com/greenex/rules/broken.drl", """
                package com.greenex.rules;

                import com.greenex.rules.Quote;

                rule "RejectSomething"
                when
                    $q : Quote( price > 1 )
                then
                    insert(new Finding(;
                end
                """);
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll(ExecutableModelProject.class);

        assertThatThrownBy(() -> MarketRules.failOnErrors(builder.getResults()))
                .isInstanceOf(RuleLoadingException.class)
                .hasMessageStartingWith("the Greenex rules did not load:")
                .hasMessageContaining("com/greenex/rules/broken.drl:")
                .satisfies(e -> assertThat(e.getMessage()).containsPattern("broken\\.drl:[1-9][0-9]*: "));
    }
}
