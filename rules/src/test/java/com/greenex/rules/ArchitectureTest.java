package com.greenex.rules;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** rules depends on market-engine only; its facts are plain records that know nothing of Drools. */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.greenex.rules");

    @Test
    void factsAndFindingsKnowNothingOfDrools() {
        noClasses().that().resideInAPackage("com.greenex.rules").and().areRecords()
                .should().dependOnClassesThat().resideInAnyPackage("org.kie..", "org.drools..")
                .check(MAIN);
    }

    @Test
    void rulesDoNotReachIntoOtherModules() {
        noClasses().that().resideInAPackage("com.greenex.rules..")
                .should().dependOnClassesThat().resideInAnyPackage("com.greenex.scada..", "com.greenex.settlement..", "com.greenex.portal..")
                .check(MAIN);
    }
}
