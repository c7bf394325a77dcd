package io.kindred.scheduleradapter;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import io.kindred.architecture.KindredArchitecture;

/** The scheduler adapter: no package cycles, no other service or devstack, REST resources in api only (the root README's "Architecture" section). */
@AnalyzeClasses(packages = "io.kindred.scheduleradapter", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    void keepsTheRulesOfAService(JavaClasses classes) {
        KindredArchitecture.serviceRules(KindredArchitecture.SCHEDULER_ADAPTER).check(classes);
    }
}
