package io.kindred.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/** The shared rules catch what they name: checked on small fixture packages, one broken and one clean. */
class KindredArchitectureTest {

    private static final String FIXTURES = "io.kindred.architecture.fixture";

    @Test
    void aCycleThroughTheRootPackageIsACycle() {
        String root = FIXTURES + ".rootcycle";
        EvaluationResult result = KindredArchitecture.noPackageCycles(root).evaluate(importPackage(root));

        assertThat(result.hasViolation()).isTrue();
        assertThat(String.join("\n", result.getFailureReport().getDetails()))
                .contains(KindredArchitecture.ROOT_SLICE).contains("gang");
    }

    @Test
    void packagesThatPointOneWayHaveNoCycle() {
        String root = FIXTURES + ".clean";
        assertThat(KindredArchitecture.noPackageCycles(root).evaluate(importPackage(root)).hasViolation()).isFalse();
    }

    @Test
    void theServiceRuleForbidsOtherServicesAndTheDevstackOnly() {
        // the fixtures stand in for a service: io.kindred.architecture.. is not a service, so the rule passes there
        String root = FIXTURES + ".clean";
        assertThat(KindredArchitecture.noDependencyOnOtherServicesOrDevstack(root).evaluate(importPackage(root))
                .hasViolation()).isFalse();
        // and the rule's description names what it forbids
        assertThat(KindredArchitecture.noDependencyOnOtherServicesOrDevstack(KindredArchitecture.REGISTRY)
                .getDescription()).contains("no other service").contains("devstack");
    }

    private static JavaClasses importPackage(String pkg) {
        return new ClassFileImporter().importPackages(pkg);
    }
}
