package io.kindred.ri;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import io.kindred.architecture.KindredArchitecture;

/** ri-core: no package cycles, no service or devstack, no Quarkus, Kafka, Avro or event classes (the root README's "Architecture" section). */
@AnalyzeClasses(packages = "io.kindred.ri", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    void keepsTheRulesOfRiCore(JavaClasses classes) {
        KindredArchitecture.riCoreRules().check(classes);
    }
}
