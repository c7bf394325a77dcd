package io.kindred.devstack.quarkus;

import java.util.Map;

import io.kindred.devstack.Devstack;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The JVM-wide Kubernetes API for a {@code @QuarkusTest}; returns {@code quarkus.kubernetes-client.api-server-url},
 * {@code quarkus.kubernetes-client.namespace} ({@code default}) and, for the mock server,
 * {@code quarkus.kubernetes-client.trust-certs=true} and {@code quarkus.kubernetes-client.token} (a fixed token the
 * mock server does not check; see {@link io.kindred.devstack.kubernetes.KubernetesBackend#MOCK_TOKEN}).
 */
public class KubernetesTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Devstack.kubernetes().quarkusConfig();
    }

    @Override
    public void stop() {
        // shared by every test class in this JVM; stopped at JVM exit
    }
}
