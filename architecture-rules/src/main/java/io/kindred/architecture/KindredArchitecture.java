package io.kindred.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.List;

/**
 * The architecture rules of Kindred, one method per rule, each taking the module's root package, and one set per kind
 * of module ({@link #serviceRules}, {@link #libraryRules}, {@link #riCoreRules}, {@link #launcherRules}). Every
 * module's {@code ArchitectureTest} (in its root test package, {@code @AnalyzeClasses(packages = root,
 * importOptions = ImportOption.DoNotIncludeTests.class)}) checks its set in an {@code @ArchTest} method (Surefire
 * 3.5.3 silently runs no {@code @ArchTest} field); a violation names the rule it breaks. The root README's
 * "Architecture" section says the same in prose.
 */
public final class KindredArchitecture {

    public static final String REGISTRY = "io.kindred.registry";
    public static final String STATUS_MAPPER = "io.kindred.statusmapper";
    public static final String SCHEDULER_ADAPTER = "io.kindred.scheduleradapter";
    public static final String DEVSTACK = "io.kindred.devstack";
    public static final String RI_CORE = "io.kindred.ri";
    public static final String EVENTS = "io.kindred.events";

    /** The three services: each runs on its own and talks to the others only through Kafka topics. */
    public static final List<String> SERVICES = List.of(REGISTRY, STATUS_MAPPER, SCHEDULER_ADAPTER);

    /** The name of the slice that holds the classes of the root package itself. */
    static final String ROOT_SLICE = "(root package)";

    private KindredArchitecture() {
    }

    /** Everything a service must keep: no cycles, no other service or devstack, REST resources in {@code api} only. */
    public static ArchRule serviceRules(String rootPackage) {
        return CompositeArchRule.of(noPackageCycles(rootPackage))
                .and(noDependencyOnOtherServicesOrDevstack(rootPackage))
                .and(restResourcesLiveInApi(rootPackage))
                .and(nothingDependsOnApi(rootPackage));
    }

    /** What a shared library (schemas, kafka-events, workload-types) must keep: no cycles, no service, no devstack. */
    public static ArchRule libraryRules(String rootPackage) {
        return CompositeArchRule.of(noPackageCycles(rootPackage))
                .and(noDependencyOnOtherServicesOrDevstack(rootPackage));
    }

    /** The library rules plus plain Java: ri-core. */
    public static ArchRule riCoreRules() {
        return CompositeArchRule.of(libraryRules(RI_CORE)).and(riCoreIsPlainJava());
    }

    /** The launcher ({@code stack}): no cycles; starts the services as processes and the devstack in-process. */
    public static ArchRule launcherRules(String rootPackage) {
        return CompositeArchRule.of(noPackageCycles(rootPackage)).and(noDependencyOnServices(rootPackage));
    }

    /**
     * No package cycles among the root package's direct sub-packages, counting everything below a sub-package as
     * part of it. The root package's own classes form a slice of their own: a plain
     * {@code slices().matching("root.(*)..")} leaves them out, and then a cycle such as {@code root.Exception ↔
     * root.gang} goes unseen.
     */
    public static ArchRule noPackageCycles(String rootPackage) {
        return slices().assignedFrom(firstLevelSlices(rootPackage))
                .should().beFreeOfCycles()
                .as("packages below " + rootPackage + " (the root package included) are free of cycles");
    }

    static SliceAssignment firstLevelSlices(String rootPackage) {
        String prefix = rootPackage + ".";
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String pkg = javaClass.getPackageName();
                if (pkg.equals(rootPackage)) {
                    return SliceIdentifier.of(ROOT_SLICE);
                }
                if (pkg.startsWith(prefix)) {
                    String rest = pkg.substring(prefix.length());
                    int dot = rest.indexOf('.');
                    return SliceIdentifier.of(dot < 0 ? rest : rest.substring(0, dot));
                }
                return SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "the root package " + rootPackage + " and each of its direct sub-packages";
            }
        };
    }

    /**
     * A module depends on no service other than itself and never on the devstack: the services meet only on Kafka
     * topics, and the devstack is test infrastructure (module {@code stack}, the launcher, is the one place that may
     * start it). Holds for libraries too: ri-core, schemas, kafka-events and workload-types know no service.
     */
    public static ArchRule noDependencyOnOtherServicesOrDevstack(String rootPackage) {
        String[] forbidden = forbiddenFor(rootPackage, true);
        return noClasses().that().resideInAPackage(rootPackage + "..")
                .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                .as(rootPackage + " depends on no other service and not on the devstack");
    }

    /** As {@link #noDependencyOnOtherServicesOrDevstack}, for the launcher module that does start the devstack. */
    public static ArchRule noDependencyOnServices(String rootPackage) {
        return noClasses().that().resideInAPackage(rootPackage + "..")
                .should().dependOnClassesThat().resideInAnyPackage(forbiddenFor(rootPackage, false))
                .as(rootPackage + " depends on no service's classes");
    }

    private static String[] forbiddenFor(String rootPackage, boolean devstackToo) {
        return java.util.stream.Stream.concat(SERVICES.stream(), devstackToo ? java.util.stream.Stream.of(DEVSTACK)
                        : java.util.stream.Stream.empty())
                .filter(p -> !p.equals(rootPackage))
                .map(p -> p + "..")
                .toArray(String[]::new);
    }

    /** ri-core is the plain-Java RI engine: no Quarkus, no Kafka, no Avro, no event classes. */
    public static ArchRule riCoreIsPlainJava() {
        return noClasses().that().resideInAPackage(RI_CORE + "..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.quarkus..", "org.apache.kafka..", "org.apache.avro..", EVENTS + "..")
                .as("ri-core depends on no Quarkus, Kafka, Avro or event classes");
    }

    /** A service's REST resources (classes annotated {@code @Path}) live in exactly one package, {@code <root>.api}. */
    public static ArchRule restResourcesLiveInApi(String rootPackage) {
        return classes().that().areAnnotatedWith("jakarta.ws.rs.Path")
                .should().resideInAPackage(rootPackage + ".api")
                .as("REST resources of " + rootPackage + " live in " + rootPackage + ".api");
    }

    /**
     * Nothing outside {@code <root>.api} depends on it: the REST layer sits on top of the service's features, so a
     * type both sides need (an error, a request) belongs below, in the feature that owns it.
     */
    public static ArchRule nothingDependsOnApi(String rootPackage) {
        return noClasses().that().resideInAPackage(rootPackage + "..")
                .and().resideOutsideOfPackage(rootPackage + ".api..")
                .should().dependOnClassesThat().resideInAPackage(rootPackage + ".api..")
                .allowEmptyShould(true)
                .as("no class of " + rootPackage + " outside its api package depends on the api package");
    }
}
