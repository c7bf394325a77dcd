package io.kindred.devstack.junit;

import java.util.function.Consumer;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.kindred.devstack.kubernetes.MockKubernetes;

/**
 * A test class's own mock Kubernetes API server, started before its first test and stopped after its last, for tests
 * that need an API server of their own rather than the devstack's shared one (e.g. to count its requests, or to
 * restart it). Register it as a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final MockKubernetesExtension API = new MockKubernetesExtension();
 * ...
 * API.server().client()
 * }</pre>
 */
public final class MockKubernetesExtension implements BeforeAllCallback, AfterAllCallback {

    private final Consumer<MockKubernetes> setUp;
    private MockKubernetes server;

    public MockKubernetesExtension() {
        this(server -> {
        });
    }

    /** @param setUp run once the server is up, before the first test (e.g. CRDs every test needs) */
    public MockKubernetesExtension(Consumer<MockKubernetes> setUp) {
        this.setUp = setUp;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = MockKubernetes.start(0);
        setUp.accept(server);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** The running server; only between the class's first and last test. */
    public MockKubernetes server() {
        if (server == null) {
            throw new IllegalStateException("the mock Kubernetes API server runs only while the test class runs");
        }
        return server;
    }
}
