package io.kindred.registry;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import io.kindred.architecture.KindredArchitecture;

/**
 * The registry: no package cycles, no other service or devstack, REST resources in {@code api} only and nothing outside
 * {@code api} depending on it (the root README's "Architecture" section; README "Code map" for the packages).
 */
@AnalyzeClasses(packages = KindredArchitecture.REGISTRY, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    void keepsTheRulesOfAService(JavaClasses classes) {
        KindredArchitecture.serviceRules(KindredArchitecture.REGISTRY).check(classes);
    }
}
