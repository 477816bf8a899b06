package com.greenex.portal;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.vaadin.flow.component.Component;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Repository;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.lang.conditions.ArchPredicates.are;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The portal's shape (docs/ARCHITECTURE.md, portal/README.md): one package per feature, no cycles
 * between them; views and the API are two fronts of the same services, views do no persistence;
 * what is shown is exact; each state machine has one writer.
 */
class ArchitectureTest {

    private static final JavaClasses PORTAL = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.greenex.portal");

    private static final DescribedPredicate<JavaClass> VIEWS = are(assignableTo(Component.class)).as("views and their components");

    @Test
    void theFeaturesDependOnEachOtherWithoutCycles() {
        slices().matching("com.greenex.portal.(*)..").should().beFreeOfCycles().check(PORTAL);
    }

    @Test
    void viewsDoNoPersistenceOfTheirOwn() {
        noClasses().that(VIEWS).should().dependOnClassesThat()
                .resideInAnyPackage("org.springframework.jdbc..", "javax.sql..", "java.sql..", "com.greenex.scada.store..")
                .because("what a view changes goes through a transactional service of its feature")
                .check(PORTAL);
    }

    @Test
    void theApiAndTheViewsAreIndependentFrontsOfTheSameServices() {
        noClasses().that().areAnnotatedWith(RestController.class).should().dependOnClassesThat(VIEWS).check(PORTAL);
        noClasses().that(VIEWS).should().dependOnClassesThat().areAnnotatedWith(RestController.class).check(PORTAL);
    }

    @Test
    void whatThePortalShowsCarriesEnergyAndMoneyExactly() {
        fields().that().areDeclaredInClassesThat().areRecords()
                .should().notHaveRawType(double.class).andShould().notHaveRawType(float.class)
                .andShould().notHaveRawType(Double.class).andShould().notHaveRawType(Float.class).check(PORTAL);
    }

    @Test
    void servicesNameWhatCanGoWrongRatherThanThrowingException() {
        methods().that().areDeclaredInClassesThat().areAnnotatedWith(Service.class)
                .or().areDeclaredInClassesThat().areAnnotatedWith(Repository.class)
                .or().areDeclaredInClassesThat().areAnnotatedWith(org.springframework.stereotype.Component.class)
                .and().haveModifier(JavaModifier.PUBLIC)
                .should(new ArchCondition<>("not declare throws Exception") {
                    @Override
                    public void check(com.tngtech.archunit.core.domain.JavaMethod m, ConditionEvents events) {
                        boolean broad = m.getThrowsClause().getTypes().stream().anyMatch(t -> t.getName().equals(Exception.class.getName()));
                        events.add(new SimpleConditionEvent(m, !broad, m.getFullName() + " declares throws Exception"));
                    }
                })
                .check(PORTAL);
    }

    /** Each state column is written by one class only; found in the SQL of the sources. */
    @Test
    void eachStateMachineHasOneWriter() throws IOException {
        Map<Pattern, String> owners = Map.of(
                Pattern.compile("(?is)(UPDATE\\s+trading_intervals\\b|INSERT\\s+INTO\\s+trading_intervals\\b)"), "market/IntervalLifecycle.java",
                Pattern.compile("(?is)(UPDATE\\s+participants\\b|INSERT\\s+INTO\\s+participants\\b)"), "entry/ParticipantRegister.java",
                Pattern.compile("(?is)(UPDATE\\s+settlement_batches\\b|INSERT\\s+INTO\\s+settlement_batches\\b)"), "(none: the settlement module's worker)");
        Path root = Path.of("src/main/java/com/greenex/portal");
        List<Path> sources;
        try (Stream<Path> s = Files.walk(root)) {
            sources = s.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(sources).as("the portal's sources, read from " + root.toAbsolutePath()).hasSizeGreaterThan(50);
        for (Path source : sources) {
            String text = Files.readString(source);
            String name = root.relativize(source).toString().replace('\\', '/');
            owners.forEach((write, owner) -> {
                if (write.matcher(text).find()) {
                    assertThat(name).as("%s writes a state column that only %s may write", name, owner).isEqualTo(owner);
                }
            });
        }
    }
}
