package io.kindred.events;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import io.kindred.architecture.KindredArchitecture;

/** The rules of the root README's "Architecture" section that apply to the event contracts. */
// methods, not @ArchTest ArchRule fields: Surefire 3.5.3 silently runs no field-declared ArchUnit test
@AnalyzeClasses(packages = "io.kindred.events", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    void noPackageCycles(JavaClasses classes) {
        KindredArchitecture.noPackageCycles("io.kindred.events").check(classes);
    }

    @ArchTest
    void knowsNoService(JavaClasses classes) {
        KindredArchitecture.noDependencyOnOtherServicesOrDevstack("io.kindred.events").check(classes);
    }
}
