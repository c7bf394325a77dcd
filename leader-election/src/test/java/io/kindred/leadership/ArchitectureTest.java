package io.kindred.leadership;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import io.kindred.architecture.KindredArchitecture;

/** The shared leader election: no package cycles, no service or devstack (the root README's "Architecture" section). */
@AnalyzeClasses(packages = "io.kindred.leadership", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    void keepsTheRulesOfALibrary(JavaClasses classes) {
        KindredArchitecture.libraryRules("io.kindred.leadership").check(classes);
    }
}
