package io.kindred.scheduleradapter.bench;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.kindred.devstack.Devstack;
import io.kindred.devstack.quarkus.DevstackTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The devstack for the load harness, plus, with {@code -Dbench.api=constant}, the {@link ConstantTimePodGroups} front
 * between the adapter and the mock API server (the adapter's {@code quarkus.kubernetes-client.api-server-url} then
 * names the front). The harness reads when each group was applied from {@link #APPLIED}.
 */
public class BenchApiResource implements QuarkusTestResourceLifecycleManager {

    /** Workload UID → nanoTime its PodGroup was applied at the front (constant mode only). */
    static final Map<String, Long> APPLIED = new ConcurrentHashMap<>();
    static volatile ConstantTimePodGroups front;

    private final DevstackTestResource devstack = new DevstackTestResource();

    static boolean constantApi() {
        return "constant".equals(System.getProperty("bench.api", "mock"));
    }

    @Override
    public void init(Map<String, String> initArgs) {
        devstack.init(initArgs);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new LinkedHashMap<>(devstack.start());
        if (constantApi()) {
            front = ConstantTimePodGroups.start(URI.create(Devstack.kubernetes().apiServerUrl()),
                    (uid, at) -> APPLIED.putIfAbsent(uid, at));
            config.put("quarkus.kubernetes-client.api-server-url", front.url());
        }
        return config;
    }

    @Override
    public void stop() {
        if (front != null) {
            front.close();
            front = null;
        }
        devstack.stop();
    }
}
