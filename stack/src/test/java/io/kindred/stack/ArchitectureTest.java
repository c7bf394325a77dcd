package io.kindred.stack;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import io.kindred.architecture.KindredArchitecture;

/** The launcher: no package cycles; it starts the services as processes and never links their classes (the root README's "Architecture" section). */
@AnalyzeClasses(packages = "io.kindred.stack", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    void keepsTheRulesOfTheLauncher(JavaClasses classes) {
        KindredArchitecture.launcherRules("io.kindred.stack").check(classes);
    }
}
