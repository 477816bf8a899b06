package com.greenex.market;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The arrows of docs/ARCHITECTURE: the engine is plain Java; only its CLI may use libraries. */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.greenex.market");

    @Test
    void theCoreDependsOnTheJdkAlone() {
        classes().that().resideInAnyPackage("com.greenex.market", "com.greenex.market.internal")
                .should().onlyDependOnClassesThat().resideInAnyPackage("com.greenex.market..", "java..")
                .check(MAIN);
    }

    @Test
    void theCoreDoesNotKnowItsCommandLine() {
        noClasses().that().resideInAnyPackage("com.greenex.market", "com.greenex.market.internal")
                .should().dependOnClassesThat().resideInAPackage("com.greenex.market.cli..")
                .check(MAIN);
    }

    @Test
    void noDoubleOrFloatInTheEngine() {
        classes().that().resideInAnyPackage("com.greenex.market..")
                .should(useNoFloatingPoint())
                .check(MAIN);
    }

    /** Fields, signatures and calls: floating point never touches energy or money here. */
    private static ArchCondition<JavaClass> useNoFloatingPoint() {
        Set<String> floating = Set.of("double", "float", Double.class.getName(), Float.class.getName());
        return new ArchCondition<>("use no double or float") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                for (JavaField f : c.getFields()) {
                    if (floating.contains(f.getRawType().getName())) {
                        events.add(SimpleConditionEvent.violated(f, f.getFullName() + " is floating point"));
                    }
                }
                for (JavaCodeUnit m : c.getCodeUnits()) {
                    boolean inSignature = floating.contains(m.getRawReturnType().getName())
                            || m.getRawParameterTypes().stream().anyMatch(t -> floating.contains(t.getName()));
                    if (inSignature) {
                        events.add(SimpleConditionEvent.violated(m, m.getFullName() + " has floating point in its signature"));
                    }
                    for (JavaMethodCall call : m.getMethodCallsFromSelf()) {
                        if (floating.contains(call.getTarget().getRawReturnType().getName())) {
                            events.add(SimpleConditionEvent.violated(call, call.getDescription()));
                        }
                    }
                }
            }
        };
    }
}
