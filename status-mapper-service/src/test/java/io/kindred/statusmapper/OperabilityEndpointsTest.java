package io.kindred.statusmapper;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.kindred.devstack.quarkus.KafkaTestResource;
import io.kindred.devstack.quarkus.KubernetesTestResource;
import io.kindred.devstack.quarkus.SchemaRegistryTestResource;
import io.kindred.statusmapper.api.WatchRbacResource;
import io.kindred.statusmapper.support.Await;
import io.kindred.statusmapper.support.TestKubernetes;
import io.kindred.statusmapper.support.TestTopics;
import io.kindred.statusmapper.watch.WatchState;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(SchemaRegistryTestResource.class)
@WithTestResource(KubernetesTestResource.class)
class OperabilityEndpointsTest {

    static final String RBAC_GROUP = "rbac-test.kindred.io";

    @Inject
    StatusMapperEngine engine;

    @BeforeEach
    void pipelineRuns() {
        Await.running(engine);
    }

    @Test
    void healthIsUpWithKafkaKubernetesAndThePipelineChecked() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", is("UP"))
                .body("checks.name", hasItems("status-mapping pipeline", "Kubernetes API", "kind watches",
                        "Kafka"));
        given().when().get("/q/health").then().statusCode(200).body("status", is("UP"));
    }

    @Test
    void metricsAreExposedForPrometheus() {
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("jvm_"))
                .body(containsString("kindred_statusmapper_tracked_workloads"))
                .body(containsString("kindred_statusmapper_types_consumer_lag"))
                .body(containsString("kindred_statusmapper_publish_latency_seconds"));
    }

    @Test
    void openApiDocumentIsServed() {
        given().when().get("/q/openapi?format=json").then().statusCode(200).body("openapi", containsString("3."))
                .body(containsString("/rbac/cluster-roles"));
    }

    @Test
    void rbacForTheRegisteredKindsIsRenderedAsAggregatedClusterRoles() throws Exception {
        // its own kind, so the test does not depend on what other tests registered
        TestKubernetes.installCrd(RBAC_GROUP, "RbacJob", "rbacjobs", "v1", "v2");
        TestTopics.register("RbacJob", RBAC_GROUP, 1, Map.of(
                "v1", TestTopics.ri("phase-job-template.json", Map.of("group", RBAC_GROUP, "version", "v1", "kind", "RbacJob")),
                "v2", TestTopics.ri("phase-job-template.json", Map.of("group", RBAC_GROUP, "version", "v2", "kind", "RbacJob"))));
        // both versions discovered (their plural known); either may be the one whose events are mapped
        Await.state(engine, "RbacJob." + RBAC_GROUP + "/v1", WatchState.WATCHING);
        Await.state(engine, "RbacJob." + RBAC_GROUP + "/v2", WatchState.WATCHING);

        String yaml = given().when().get("/rbac/cluster-roles").then().statusCode(200)
                .contentType(containsString("application/yaml")).extract().asString();
        KubernetesList list = TestKubernetes.client().getKubernetesSerialization().unmarshal(yaml, KubernetesList.class);

        // every item is a ClusterRole the aggregated role of deploy/ picks up, and says who manages it
        String selected = aggregationSelectorOfTheDeployedRole();
        assertThat(selected).isEqualTo(WatchRbacResource.AGGREGATION_LABEL);
        assertThat(list.getItems()).isNotEmpty().allSatisfy(item -> {
            assertThat(item).isInstanceOf(ClusterRole.class);
            assertThat(item.getMetadata().getLabels()).containsEntry(selected, "true")
                    .containsEntry("app.kubernetes.io/managed-by", "kindred-status-mapper-service");
        });
        Map<String, ClusterRole> byName = list.getItems().stream().map(ClusterRole.class::cast)
                .collect(Collectors.toMap(r -> r.getMetadata().getName(), r -> r));

        // one role per type: get/list/watch on its resource in its group, the versions folded into one rule
        ClusterRole rbacJob = byName.get("kindred-status-mapper-watch-rbacjob-rbac-test-kindred-io");
        assertThat(rbacJob).as("role of RbacJob among %s", byName.keySet()).isNotNull();
        assertThat(rbacJob.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getApiGroups()).containsExactly(RBAC_GROUP);
            assertThat(rule.getResources()).containsExactly("rbacjobs");
            assertThat(rule.getVerbs()).containsExactly("get", "list", "watch");
        });
        // and the CRD reader, so a kind installed later is noticed
        assertThat(byName.get("kindred-status-mapper-watch-customresourcedefinitions").getRules()).singleElement()
                .satisfies(rule -> {
                    assertThat(rule.getApiGroups()).containsExactly("apiextensions.k8s.io");
                    assertThat(rule.getResources()).containsExactly("customresourcedefinitions");
                    assertThat(rule.getVerbs()).containsExactly("get", "list", "watch");
                });
        // nothing beyond read access, for any kind
        assertThat(byName.values()).allSatisfy(role -> assertThat(role.getRules())
                .allSatisfy(rule -> assertThat(rule.getVerbs()).containsExactly("get", "list", "watch")));
    }

    /** The label the deployed aggregated ClusterRole kindred-status-mapper selects its rules by. */
    private static String aggregationSelectorOfTheDeployedRole() throws Exception {
        Path rbac = Path.of("..", "deploy", "kubernetes", "base", "status-mapper-service", "rbac.yaml");
        List<HasMetadata> objects;
        try (InputStream in = Files.newInputStream(rbac)) {
            objects = TestKubernetes.client().load(in).items();
        }
        ClusterRole aggregated = objects.stream().filter(ClusterRole.class::isInstance).map(ClusterRole.class::cast)
                .filter(r -> r.getMetadata().getName().equals("kindred-status-mapper")).findFirst().orElseThrow();
        Map<String, String> selector = aggregated.getAggregationRule().getClusterRoleSelectors().get(0).getMatchLabels();
        assertThat(selector).containsValue("true").hasSize(1);
        return selector.keySet().iterator().next();
    }
}
