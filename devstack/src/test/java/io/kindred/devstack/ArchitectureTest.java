package io.kindred.devstack;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import io.kindred.architecture.KindredArchitecture;

/** The rules of the root README's "Architecture" section that apply to the devstack (test infrastructure). */
// methods, not @ArchTest ArchRule fields: Surefire 3.5.3 silently runs no field-declared ArchUnit test
@AnalyzeClasses(packages = KindredArchitecture.DEVSTACK, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    void noPackageCycles(JavaClasses classes) {
        KindredArchitecture.noPackageCycles(KindredArchitecture.DEVSTACK).check(classes);
    }

    /** The devstack serves every service's tests, so it may know none of them. */
    @ArchTest
    void knowsNoService(JavaClasses classes) {
        KindredArchitecture.noDependencyOnServices(KindredArchitecture.DEVSTACK).check(classes);
    }
}
