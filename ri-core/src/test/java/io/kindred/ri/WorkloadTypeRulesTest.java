package io.kindred.ri;

import static org.assertj.core.api.Assertions.assertThat;

import io.kindred.ri.catalog.BuiltinCatalog;
import io.kindred.ri.catalog.CatalogEntry;
import io.kindred.ri.catalog.CatalogVersion;
import io.kindred.ri.model.ResourceInterfaceSpec;
import io.kindred.ri.validate.ValidationProblem;
import org.junit.jupiter.api.Test;

class WorkloadTypeRulesTest {

    private static ResourceInterfaceSpec rootOnly(String group, String version, String kind) {
        return RiParser.parse("""
                {"structureDefinition": {"rootComponent": {"name": "root",
                  "kind": {"group": "%s", "version": "%s", "kind": "%s"},
                  "statusDefinition": {"phaseDefinition": {"path": ".status.phase"},
                    "statusMappings": {"running": [{"byPhase": "Running"}]}}}}}
                """.formatted(group, version, kind));
    }

    @Test
    void everyBuiltInTypeIsAccepted() {
        for (CatalogEntry entry : BuiltinCatalog.load()) {
            assertThat(WorkloadTypeRules.nameProblem(entry.name())).as(entry.name()).isNull();
            assertThat(WorkloadTypeRules.groupProblem(entry.group())).as(entry.name()).isNull();
            assertThat(WorkloadTypeRules.versionCountProblem(entry.versions().size())).as(entry.name()).isNull();
            for (CatalogVersion version : entry.versions()) {
                WorkloadTypeRules.CheckedResourceInterface checked = WorkloadTypeRules.checkResourceInterface(
                        version.spec(), entry.name(), entry.group(), version.version());
                assertThat(checked.errors()).as(entry.name() + " " + version.version()).isEmpty();
                assertThat(checked.compiled()).isNotNull();
            }
        }
    }

    @Test
    void sensitiveCoreKindsAndCredentialGroupsAreRefusedAsRoots() {
        for (String kind : new String[] {"Secret", "ConfigMap", "ServiceAccount"}) {
            WorkloadTypeRules.CheckedResourceInterface checked =
                    WorkloadTypeRules.checkResourceInterface(rootOnly("", "v1", kind), kind, "", "v1");
            assertThat(checked.valid()).as(kind).isFalse();
            assertThat(checked.compiled()).isNull();
            assertThat(checked.errors()).singleElement().satisfies(p -> {
                assertThat(p.path()).isEqualTo("spec.structureDefinition.rootComponent.kind.kind");
                assertThat(p.message()).contains("'" + kind + "'").contains("cannot be a workload type");
            });
        }
        for (String kind : new String[] {"Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"}) {
            assertThat(WorkloadTypeRules.checkResourceInterface(rootOnly("rbac.authorization.k8s.io", "v1", kind), kind,
                    "rbac.authorization.k8s.io", "v1").errors()).as(kind).singleElement()
                    .satisfies(p -> assertThat(p.message()).contains("credentials or permissions"));
        }
        assertThat(WorkloadTypeRules.sensitiveKind("certificates.k8s.io", "CertificateSigningRequest")).isNotNull();
        assertThat(WorkloadTypeRules.sensitiveKind("example.com", "Secret")).as("a CRD of that name elsewhere").isNull();
        assertThat(WorkloadTypeRules.sensitiveKind("", "Pod")).isNull();
    }

    @Test
    void theRootMustBeTheTypesKindGroupAndDeclaredVersion() {
        WorkloadTypeRules.CheckedResourceInterface checked = WorkloadTypeRules.checkResourceInterface(
                rootOnly("example.com", "v1", "Job"), "OtherJob", "example.org", "v2");
        assertThat(checked.errors()).extracting(ValidationProblem::path).containsExactly(
                "spec.structureDefinition.rootComponent.kind.kind", "spec.structureDefinition.rootComponent.kind.group",
                "spec.structureDefinition.rootComponent.kind.version");
        assertThat(WorkloadTypeRules.checkResourceInterface(rootOnly("example.com", "v1", "Job"), null, null, null)
                .valid()).as("nothing to compare with").isTrue();
    }

    @Test
    void namesGroupsAndVersionCountsFollowTheRegistrysPatterns() {
        assertThat(WorkloadTypeRules.nameProblem("pytorchjob")).contains("is not a Kubernetes Kind");
        assertThat(WorkloadTypeRules.groupProblem("Example.COM")).contains("is not an API group");
        assertThat(WorkloadTypeRules.groupProblem("")).as("the core group").isNull();
        assertThat(WorkloadTypeRules.versionCountProblem(5)).contains("at most 4");
        assertThat(WorkloadTypeRules.versionCountProblem(0)).contains("at least one");
    }
}
