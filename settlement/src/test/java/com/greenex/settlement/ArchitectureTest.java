package com.greenex.settlement;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Settlement's arrows (docs/ARCHITECTURE.md): a library below the portal that knows neither the
 * portal, the rules, the bridge nor Spring; the exact records, the Merkle tree and the certificate
 * accrual are pure (no database, no node); the generated wrappers know only web3j.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.greenex.settlement");

    @Test
    void settlementKnowsNeitherThePortalNorTheRulesNorTheBridgeNorSpring() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("com.greenex.portal..", "com.greenex.rules..", "com.greenex.scada..", "org.springframework..")
                .check(MAIN);
    }

    @Test
    void recordsTreesAndAccrualArePure() {
        noClasses().that().haveSimpleNameStartingWith("TradeRecord").or().haveSimpleNameStartingWith("MerkleTree")
                .or().haveSimpleNameStartingWith("CertificateAccrual").or().haveSimpleNameStartingWith("BatchState")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.web3j.protocol..", "org.web3j.tx..",
                        "com.greenex.settlement.contracts..")
                .check(MAIN);
    }

    @Test
    void theGeneratedWrappersKnowOnlyWeb3j() {
        classes().that().resideInAPackage("com.greenex.settlement.contracts..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("com.greenex.settlement.contracts..", "org.web3j..", "java..",
                        "io.reactivex..", "")
                .check(MAIN);
    }
}
