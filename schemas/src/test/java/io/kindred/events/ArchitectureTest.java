package io.kindred.events;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import io.kindred.architecture.KindredArchitecture;

/** The event contracts: no package cycles, no service or devstack (the root README's "Architecture" section). */
@AnalyzeClasses(packages = "io.kindred.events", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    void keepsTheRulesOfALibrary(JavaClasses classes) {
        KindredArchitecture.libraryRules(KindredArchitecture.EVENTS).check(classes);
    }
}
