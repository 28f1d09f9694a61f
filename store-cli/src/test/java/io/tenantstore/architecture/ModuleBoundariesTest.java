package io.tenantstore.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The adapters and store-jdbc are built only on published API: {@code io.tenantstore.spi}, the
 * public packages of core ({@code core.support}, {@code core.yaml}) and store-jdbc's public
 * package. A class of theirs that reaches into an {@code internal} package of another module
 * fails the build, so a third-party adapter can do everything a bundled one does.
 */
class ModuleBoundariesTest {
    private static final String[] ADAPTERS = {"io.tenantstore.postgres..", "io.tenantstore.mysql..",
            "io.tenantstore.mongodb..", "io.tenantstore.sqlite..", "io.tenantstore.fs..", "io.tenantstore.noop..",
            "io.tenantstore.redis..", "io.tenantstore.jdbc.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.tenantstore");
    }

    @Test
    void everyAdapterIsOnTheClasspathOfThisCheck() {
        for (String adapter : ADAPTERS) {
            String pkg = adapter.substring(0, adapter.length() - 2);
            assertThat(classes.stream().anyMatch(c -> c.getPackageName().startsWith(pkg)))
                    .as("classes of %s imported", pkg).isTrue();
        }
    }

    @Test
    void noAdapterAndNotStoreJdbcUsesAnInternalClassOfCoreOrTheApi() {
        ArchRule rule = noClasses().that().resideInAnyPackage(ADAPTERS).should().dependOnClassesThat()
                .resideInAnyPackage("io.tenantstore.core..internal..", "io.tenantstore.internal..");
        rule.check(classes);
    }

    @Test
    void noAdapterUsesAnotherAdaptersInternals() {
        for (String adapter : ADAPTERS) {
            String pkg = adapter.substring(0, adapter.length() - 2);
            String[] others = java.util.Arrays.stream(ADAPTERS).filter(a -> !a.equals(adapter))
                    .map(a -> a.substring(0, a.length() - 2) + "..internal..").toArray(String[]::new);
            ArchRule rule = noClasses().that().resideInAPackage(pkg + "..").should().dependOnClassesThat()
                    .resideInAnyPackage(others);
            EvaluationResult result = rule.evaluate(classes);
            assertThat(result.getFailureReport().getDetails()).as("%s using another module's internals", pkg)
                    .isEmpty();
        }
    }

    @Test
    void theRuleCatchesAnInternalImport() {
        // the check above must be able to fail: core's own internals do depend on core.internal
        ArchRule rule = noClasses().that().resideInAPackage("io.tenantstore.core").should().dependOnClassesThat()
                .resideInAnyPackage("io.tenantstore.core..internal..");
        assertThat(rule.evaluate(classes).hasViolation()).isTrue();
    }
}
