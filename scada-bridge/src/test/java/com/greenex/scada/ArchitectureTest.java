package com.greenex.scada;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The bridge's arrows (docs/ARCHITECTURE.md): it stands alone beside the substations, so it knows
 * neither the market nor the portal nor Spring; OPC UA (Milo) stays in the client, the simulator and
 * the PKI; the mapping is plain data that every part reads; the command line is the top.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.greenex.scada");

    @Test
    void theBridgeKnowsNeitherTheMarketNorThePortalNorSpring() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("com.greenex.market..", "com.greenex.rules..", "com.greenex.settlement..", "com.greenex.portal..",
                        "org.springframework..")
                .check(MAIN);
    }

    @Test
    void opcUaStaysInTheClientTheSimulatorAndThePki() {
        noClasses().that().resideInAnyPackage("..scada.mapping..", "..scada.store..", "..scada.ingest..")
                .should().dependOnClassesThat().resideInAPackage("org.eclipse.milo..")
                .check(MAIN);
    }

    @Test
    void theMappingIsPlainDataAndTheStoreKnowsNoProtocol() {
        noClasses().that().resideInAPackage("..scada.mapping..")
                .should().dependOnClassesThat().resideInAnyPackage("..scada.client..", "..scada.store..", "..scada.ingest..", "..scada.sim..",
                        "..scada.cli..", "java.sql..", "javax.sql..")
                .check(MAIN);
        noClasses().that().resideInAPackage("..scada.store..")
                .should().dependOnClassesThat().resideInAnyPackage("..scada.client..", "..scada.ingest..", "..scada.sim..", "..scada.cli..")
                .check(MAIN);
    }

    @Test
    void theSimulatorIsASubstationNotABridge() {
        noClasses().that().resideInAPackage("..scada.sim..")
                .should().dependOnClassesThat().resideInAnyPackage("..scada.client..", "..scada.store..", "..scada.ingest..", "..scada.cli..")
                .check(MAIN);
    }

    @Test
    void nothingDependsOnTheCommandLineAndThePartsHaveNoCycles() {
        noClasses().that().resideOutsideOfPackage("..scada.cli..").should().dependOnClassesThat().resideInAPackage("..scada.cli..").check(MAIN);
        slices().matching("com.greenex.scada.(*)..").should().beFreeOfCycles().check(MAIN);
    }
}
