package io.kindred.workloadtypes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import io.kindred.architecture.KindredArchitecture;

/** The shared workload-types consumer: no package cycles, no service or devstack (the root README's "Architecture" section). */
@AnalyzeClasses(packages = "io.kindred.workloadtypes", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    void keepsTheRulesOfALibrary(JavaClasses classes) {
        KindredArchitecture.libraryRules("io.kindred.workloadtypes").check(classes);
    }
}
