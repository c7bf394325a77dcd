package io.kindred.registry.workloads;

import static io.kindred.registry.workloads.WorkloadsV2ApiTest.V1;
import static io.kindred.registry.workloads.WorkloadsV2ApiTest.V2;
import static io.kindred.registry.workloads.WorkloadsV2ApiTest.asResearcher;
import static io.kindred.registry.workloads.WorkloadsV2ApiTest.awaitPhase;
import static io.kindred.registry.workloads.WorkloadsV2ApiTest.awaitSync;
import static io.kindred.registry.workloads.WorkloadsV2ApiTest.state;
import static io.kindred.registry.workloads.WorkloadsV2ApiTest.submit;
import static io.kindred.registry.workloads.WorkloadsV2ApiTest.sync;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kindred.events.AbstractState;
import io.kindred.events.ComponentScale;
import io.kindred.events.PodGroupRequirement;
import io.kindred.events.SyncStatus;
import io.kindred.registry.TestApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stop and resume (Run:ai's suspend/resume, desired phase Stopped), runningPods from the status events' scales, and a
 * status event that arrives before the sync result naming its object's UID.
 */
@QuarkusTest
class WorkloadLifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    DataSource dataSource;

    @BeforeEach
    void registerType() {
        WorkloadsV2ApiTest.ensureType();
    }

    private static WorkloadTopics topics() {
        return WorkloadsV2ApiTest.topics();
    }

    @AfterAll
    static void closeTopics() {
        WorkloadsV2ApiTest.close();
    }

    @Test
    void aSuspendedWorkloadIsStoppedAndAResumedOneStartsOver() {
        String id = submit("pausable");
        String first = UUID.randomUUID().toString();
        sync(id, 1, SyncStatus.SYNCED, null, first);
        state("pausable", first, AbstractState.RUNNING, List.of());
        awaitPhase(id, "Running");
        assertThat(asResearcher().get(V1 + "/" + id).<Boolean>path("actionsSupport.suspend")).isTrue();

        Response suspended = asResearcher().post(V2 + "/" + id + "/suspend");
        assertThat(suspended.statusCode()).as(suspended.asString()).isEqualTo(202);
        assertThat(suspended.<Integer>path("code")).isEqualTo(202);
        assertThat(suspended.<String>path("message")).contains(id);
        GenericRecord stop = topics().submissionsOf(id, 2, WAIT).get(1);
        assertThat(stop.get("desiredPhase").toString()).isEqualTo("STOPPED");
        assertThat(stop.get("revision")).isEqualTo(2L);
        assertThat(asResearcher().get(V2 + "/" + id).<String>path("workload.desiredPhase")).isEqualTo("Stopped");
        assertThat(asResearcher().get(V1 + "/" + id).<String>path("phase")).isEqualTo("Stopping");
        assertThat(asResearcher().post(V2 + "/" + id + "/suspend").statusCode()).isEqualTo(202); // again: nothing new

        sync(id, 2, SyncStatus.DELETING, null, null);
        awaitSync(id, "Deleting");
        assertThat(asResearcher().get(V1 + "/" + id).<String>path("phase")).isEqualTo("Stopping");
        state("pausable", first, AbstractState.DELETED, List.of()); // the mapper sees the object go
        sync(id, 2, SyncStatus.SYNCED, "Stopped", null);
        awaitPhase(id, "Stopped");
        assertThat(asResearcher().get(V1 + "/" + id).<Integer>path("runningPods")).isZero();
        assertThat(asResearcher().queryParam("filterBy", "phase==Stopped").queryParam("filterBy", "name==pausable")
                .get(V1).<List<String>>path("workloads.id")).containsExactly(id);

        Response resumed = asResearcher().post(V2 + "/" + id + "/resume");
        assertThat(resumed.statusCode()).as(resumed.asString()).isEqualTo(202);
        assertThat(resumed.<Integer>path("code")).isEqualTo(202);
        GenericRecord resume = topics().submissionsOf(id, 3, WAIT).get(2);
        assertThat(resume.get("desiredPhase").toString()).isEqualTo("RUNNING");
        assertThat(resume.get("revision")).isEqualTo(3L);
        assertThat(resume.get("manifest").toString()).contains("\"name\":\"pausable\"");
        assertThat(asResearcher().get(V1 + "/" + id).<String>path("phase")).isEqualTo("Resuming");

        // the stopped object's late event does not touch the resumed workload
        state("pausable", first, AbstractState.DELETED, List.of());
        sync(id, 3, SyncStatus.APPLYING, null, null);
        awaitSync(id, "Applying");
        assertThat(asResearcher().get(V1 + "/" + id).<String>path("phase")).isEqualTo("Resuming");
        String second = UUID.randomUUID().toString();
        sync(id, 3, SyncStatus.SYNCED, null, second);
        state("pausable", second, AbstractState.INITIALIZING, List.of());
        awaitPhase(id, "Initializing");
        state("pausable", second, AbstractState.RUNNING, List.of());
        awaitPhase(id, "Running");
        assertThat(asResearcher().post(V2 + "/" + id + "/resume").statusCode()).isEqualTo(202); // running: nothing new
        assertThat(topics().drain(Duration.ofSeconds(1)).stream().filter(r -> id.equals(r.key()))).hasSize(3);
    }

    @Test
    void aWorkloadStoppedWhileItsStopFailsIsFailed() {
        String id = submit("unstoppable");
        assertThat(asResearcher().post(V2 + "/" + id + "/suspend").statusCode()).isEqualTo(202);
        sync(id, 2, SyncStatus.FAILED, "the Kubernetes API server refused it (403): forbidden", null);
        awaitPhase(id, "Failed");
        assertThat(asResearcher().get(V1 + "/" + id).<String>path("phaseMessage")).contains("forbidden");
    }

    @Test
    void suspendAndResumeRefuseWhatCannotBeDone() {
        String id = submit("refusals");
        assertThat(given().auth().oauth2(TestApi.viewerToken()).post(V2 + "/" + id + "/suspend").statusCode())
                .isEqualTo(403);
        assertThat(given().post(V2 + "/" + id + "/resume").statusCode()).isEqualTo(401);
        assertThat(asResearcher().post(V2 + "/" + UUID.randomUUID() + "/suspend").statusCode()).isEqualTo(404);
        Response badId = asResearcher().post(V2 + "/not-a-uuid/resume");
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(asResearcher().delete(V2 + "/" + id).statusCode()).isEqualTo(202);
        assertThat(asResearcher().post(V2 + "/" + id + "/suspend").statusCode()).isEqualTo(409);
        assertThat(asResearcher().post(V2 + "/" + id + "/resume").statusCode()).isEqualTo(409);
        assertThat(asResearcher().get(V1 + "/" + id).<Boolean>path("actionsSupport.suspend")).isFalse();
    }

    @Test
    void anUpdateOfAStoppedWorkloadKeepsItStopped() {
        String id = submit("stays-stopped");
        assertThat(asResearcher().post(V2 + "/" + id + "/suspend").statusCode()).isEqualTo(202);
        Response updated = asResearcher().body("{\"metadata\":{\"priority\":\"high\"}}").put(V2 + "/" + id);
        assertThat(updated.statusCode()).as(updated.asString()).isEqualTo(202);
        assertThat(updated.<String>path("desiredPhase")).isEqualTo("Stopped");
        GenericRecord update = topics().submissionsOf(id, 3, WAIT).get(2);
        assertThat(update.get("desiredPhase").toString()).isEqualTo("STOPPED");
    }

    @Test
    void runningPodsAreWhatTheStatusEventsReport() {
        String id = submit("elastic"); // master 1 + worker 3 as submitted
        String uid = UUID.randomUUID().toString();
        sync(id, 1, SyncStatus.SYNCED, null, uid);
        state("elastic", uid, AbstractState.RUNNING, List.of(),
                List.of(scale("root", null), scale("master", 1), scale("worker", 5)),
                List.of(group(6)));
        awaitPhase(id, "Running");
        await().atMost(WAIT).untilAsserted(() -> assertThat(asResearcher().get(V1 + "/" + id)
                .<Integer>path("runningPods")).isEqualTo(6)); // the object was scaled to 5 workers
        assertThat(asResearcher().get(V1 + "/" + id).<Integer>path("requestedPods.number")).isEqualTo(4);

        state("elastic", uid, AbstractState.DEGRADED, List.of(),
                List.of(scale("root", null), scale("master", 1), scale("worker", 5)), List.of(group(3)));
        awaitPhase(id, "Degraded");
        assertThat(asResearcher().get(V1 + "/" + id).<Integer>path("runningPods")).isEqualTo(3);

        state("elastic", uid, AbstractState.RUNNING, List.of(),
                List.of(scale("root", null), scale("master", 1), scale("worker", 2)), List.of(group(3)));
        awaitPhase(id, "Running");
        assertThat(asResearcher().get(V1 + "/" + id).<Integer>path("runningPods")).isEqualTo(3);
    }

    @Test
    void aStateArrivingBeforeTheSyncResultThatNamesItsObjectIsKeptAndApplied() {
        String id = submit("recreated");
        String first = UUID.randomUUID().toString();
        sync(id, 1, SyncStatus.SYNCED, null, first);
        state("recreated", first, AbstractState.RUNNING, List.of());
        awaitPhase(id, "Running");

        // the object is gone behind Kindred's back; an update applies it again as a new object, whose first state the
        // registry reads before the adapter's sync result that names the new UID
        assertThat(asResearcher().body("{\"metadata\":{\"priority\":\"high\"}}").put(V2 + "/" + id).statusCode())
                .isEqualTo(202);
        String second = UUID.randomUUID().toString();
        state("recreated", second, AbstractState.INITIALIZING, List.of());
        sync(id, 2, SyncStatus.APPLYING, null, null);
        awaitSync(id, "Applying");
        assertThat(asResearcher().get(V1 + "/" + id).<String>path("phase")).isEqualTo("Running");
        sync(id, 2, SyncStatus.SYNCED, null, second);
        awaitPhase(id, "Initializing");

        // what is kept is the latest state of that object, and only once
        state("recreated", second, AbstractState.RUNNING, List.of());
        awaitPhase(id, "Running");
    }

    @Test
    void onlyStatesOfALiveWorkloadsObjectAreKeptAndOnlyUntilApplied() throws Exception {
        String id = submit("neighbour");
        String uid = UUID.randomUUID().toString();
        sync(id, 1, SyncStatus.SYNCED, null, uid);
        state("neighbour", uid, AbstractState.INITIALIZING, List.of());
        awaitPhase(id, "Initializing");
        String stranger = UUID.randomUUID().toString();
        state("not-a-workload", stranger, AbstractState.RUNNING, List.of()); // no workload has that name
        String early = UUID.randomUUID().toString();
        state("neighbour", early, AbstractState.RUNNING, List.of()); // another object of the workload's identity
        await().atMost(WAIT).until(() -> pending(early) == 1);
        assertThat(pending(stranger)).isZero();
        assertThat(asResearcher().get(V1 + "/" + id).<String>path("phase")).isEqualTo("Initializing");

        assertThat(asResearcher().body("{\"metadata\":{\"category\":\"Build\"}}").put(V2 + "/" + id).statusCode())
                .isEqualTo(202);
        sync(id, 2, SyncStatus.SYNCED, null, early);
        awaitPhase(id, "Running");
        await().atMost(WAIT).until(() -> pending(early) == 0);
    }

    private int pending(String uid) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement count = connection.prepareStatement(
                        "select count(*) from workload_status_pending where object_uid = ?")) {
            count.setString(1, uid);
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    private static ComponentScale scale(String component, Integer replicas) {
        return ComponentScale.newBuilder().setComponent(component).setInstanceId("").setReplicas(replicas).build();
    }

    private static PodGroupRequirement group(int minMember) {
        return PodGroupRequirement.newBuilder().setName("job").setMinMember(minMember).setMembers(List.of()).build();
    }
}
