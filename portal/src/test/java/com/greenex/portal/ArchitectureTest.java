package com.greenex.portal;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** How the portal's packages may depend on each other, and exact money. */
class ArchitectureTest {

    private static final JavaClasses PORTAL = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.greenex.portal");

    @Test
    void viewsReadThroughTheQueriesAndServicesNeverSqlOfTheirOwn() {
        noClasses().that().resideInAPackage("..portal.ui..").should().dependOnClassesThat()
                .resideInAPackage("org.springframework.jdbc..").check(PORTAL);
    }

    @Test
    void theApiAndTheViewsAreIndependentFrontsOfTheSameServices() {
        noClasses().that().resideInAPackage("..portal.api..").should().dependOnClassesThat().resideInAPackage("..portal.ui..").check(PORTAL);
        noClasses().that().resideInAPackage("..portal.ui..").should().dependOnClassesThat().resideInAPackage("..portal.api..").check(PORTAL);
    }

    @Test
    void whatTheApiAndTheViewsShowCarriesEnergyAndMoneyExactly() {
        fields().that().areDeclaredInClassesThat().resideInAnyPackage("..portal.query..", "..portal.entry..", "..portal.chain..")
                .should().notHaveRawType(double.class).andShould().notHaveRawType(float.class)
                .andShould().notHaveRawType(Double.class).andShould().notHaveRawType(Float.class).check(PORTAL);
    }
}
