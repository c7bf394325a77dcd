package io.kindred.devstack;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import io.kindred.architecture.KindredArchitecture;

/**
 * The devstack (test infrastructure, README "Code map"): no package cycles, and no service's classes, since it serves
 * every service's tests. The launcher's rule set is exactly that (the devstack is the one thing it may start too).
 */
@AnalyzeClasses(packages = KindredArchitecture.DEVSTACK, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    void hasNoCyclesAndKnowsNoService(JavaClasses classes) {
        KindredArchitecture.launcherRules(KindredArchitecture.DEVSTACK).check(classes);
    }
}
