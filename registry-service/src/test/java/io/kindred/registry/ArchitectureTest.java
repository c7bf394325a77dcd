package io.kindred.registry;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import io.kindred.architecture.KindredArchitecture;

/** The rules of the root README's "Architecture" section that apply to a service (README "Code map" for the packages). */
// methods, not @ArchTest ArchRule fields: Surefire 3.5.3 silently runs no field-declared ArchUnit test
@AnalyzeClasses(packages = KindredArchitecture.REGISTRY, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    void noPackageCycles(JavaClasses classes) {
        KindredArchitecture.noPackageCycles(KindredArchitecture.REGISTRY).check(classes);
    }

    @ArchTest
    void knowsNoOtherServiceNorTheDevstack(JavaClasses classes) {
        KindredArchitecture.noDependencyOnOtherServicesOrDevstack(KindredArchitecture.REGISTRY).check(classes);
    }

    @ArchTest
    void restResourcesLiveInApi(JavaClasses classes) {
        KindredArchitecture.restResourcesLiveInApi(KindredArchitecture.REGISTRY).check(classes);
    }

    @ArchTest
    void nothingDependsOnApi(JavaClasses classes) {
        KindredArchitecture.nothingDependsOnApi(KindredArchitecture.REGISTRY).check(classes);
    }
}
