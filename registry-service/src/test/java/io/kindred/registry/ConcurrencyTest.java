package io.kindred.registry;

import static io.kindred.registry.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** Concurrent writers of one type: optimistic locking lets one win and tells the other (409), never a silent overwrite. */
@QuarkusTest
class ConcurrencyTest {

    private static final String TYPES = "/api/v1/workload-types";

    @Test
    void twoConcurrentUpdatesFromTheSameReadOneWinsOneGets409() throws Exception {
        String id = TestApi.create(TestApi.uniqueKind("Contended"));
        String etag = TestApi.asViewer().get(TYPES + "/" + id).then().extract().header("ETag");
        List<Integer> statuses = concurrently(2, i -> asAdmin().header("If-Match", etag)
                .body("{\"priorityId\":\"" + (i == 0 ? TestApi.HIGH : TestApi.MEDIUM) + "\"}")
                .put(TYPES + "/" + id).statusCode());
        assertThat(statuses).containsExactlyInAnyOrder(200, 409);
    }

    @Test
    void concurrentUpdatesWithoutPreconditionNeverLoseAnUpdateSilently() throws Exception {
        String id = TestApi.create(TestApi.uniqueKind("Busy"));
        List<Response> responses = concurrently(8, i -> asAdmin()
                .body("{\"priorityId\":\"" + (i % 2 == 0 ? TestApi.HIGH : TestApi.LOW) + "\",\"preemptibility\":\""
                        + (i % 4 < 2 ? "preemptible" : "non-preemptible") + "\"}")
                .put(TYPES + "/" + id));
        assertThat(responses).extracting(Response::statusCode).allMatch(status -> status == 200 || status == 409).contains(200);
        // the write that committed last (highest version) is what the type holds now: a 200 is never silently undone
        Response last = responses.stream().filter(r -> r.statusCode() == 200)
                .max(Comparator.comparingLong(r -> Long.parseLong(r.header("ETag").replace("\"", "")))).orElseThrow();
        Response now = TestApi.asViewer().get(TYPES + "/" + id);
        assertThat(now.header("ETag")).isEqualTo(last.header("ETag"));
        assertThat(now.jsonPath().getString("priorityId")).isEqualTo(last.jsonPath().getString("priorityId"));
        assertThat(now.jsonPath().getString("preemptibility")).isEqualTo(last.jsonPath().getString("preemptibility"));
    }

    @Test
    void concurrentCreatesOfOneNameOneWins() throws Exception {
        String kind = TestApi.uniqueKind("Racing");
        List<Integer> statuses = concurrently(4, i -> asAdmin().body(TestApi.createBody(kind).toString()).post(TYPES).statusCode());
        assertThat(statuses).containsExactlyInAnyOrder(201, 409, 409, 409);
    }

    @Test
    void concurrentWritesOfDifferentTypesAllSucceed() throws Exception {
        // regression guard: Hibernate Reactive's entity delete path is not safe under concurrent deletes
        // (hibernate-reactive#1713), which the registry avoids with a conditional bulk delete
        int writers = 8;
        List<String> kinds = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            kinds.add(TestApi.uniqueKind("Parallel"));
            ids.add(TestApi.create(kinds.get(i), "v1"));
        }
        List<Integer> updates = concurrently(writers, i -> asAdmin()
                .body("{\"resourceInterfaces\":[" + TestApi.ri(kinds.get(i), TestApi.TEST_GROUP, "v1") + ","
                        + TestApi.ri(kinds.get(i), TestApi.TEST_GROUP, "v2") + "]}")
                .put(TYPES + "/" + ids.get(i)).statusCode());
        assertThat(updates).containsOnly(200);
        List<Integer> deletes = concurrently(writers, i -> asAdmin().delete(TYPES + "/" + ids.get(i)).statusCode());
        assertThat(deletes).containsOnly(204);
    }

    private static <T> List<T> concurrently(int count, IntFunction<T> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> results = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                Callable<T> call = () -> {
                    start.await();
                    return request.apply(index);
                };
                results.add(pool.submit(call));
            }
            start.countDown();
            List<T> values = new ArrayList<>();
            for (Future<T> result : results) {
                values.add(result.get());
            }
            return values;
        } finally {
            pool.shutdownNow();
        }
    }
}
