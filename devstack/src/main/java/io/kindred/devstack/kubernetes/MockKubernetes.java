package io.kindred.devstack.kubernetes;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kindred.devstack.backend.BackendSource;
import io.kindred.devstack.backend.QuietLogs;

/**
 * The fabric8 Kubernetes mock API server in CRUD mode over plain HTTP: objects are stored in memory, watches and
 * informers work, and custom resources are served once their CustomResourceDefinition has been created. In front of it,
 * {@link KubernetesApiDispatcher} answers version, discovery and OpenAPI so kubectl works too. Plain HTTP
 * keeps the kubeconfig free of certificates, so clients in other JVMs need no trust settings.
 */
public final class MockKubernetes implements KubernetesBackend {

    private static final Logger LOG = LoggerFactory.getLogger(MockKubernetes.class);

    /** The Kubernetes version the mock server reports: kubectl 1.32's, so kubectl prints no skew warning. */
    static final String KUBERNETES_MAJOR = "1";
    static final String KUBERNETES_MINOR = "32";
    static final String GIT_VERSION = "v1.32.0+kindred-devstack";

    private final KubernetesMockServer server;
    private final String apiServerUrl;
    private KubernetesClient sharedClient;
    private Path kubeconfigFile;
    private boolean closed;

    private MockKubernetes(KubernetesMockServer server, String apiServerUrl) {
        this.server = server;
        this.apiServerUrl = apiServerUrl;
    }

    /**
     * Starts the server with the {@code default} namespace in it.
     *
     * @param port the port to listen on, or 0 for a free one
     */
    public static MockKubernetes start(int port) {
        QuietLogs.warningsOnly("io.fabric8.mockwebserver"); // it logs every request at INFO
        long started = System.nanoTime();
        // CRUD for every object; discovery, /version and OpenAPI from the front dispatcher (kubectl needs them)
        KubernetesApiDispatcher dispatcher = new KubernetesApiDispatcher(new KubernetesCrudDispatcher(),
                KUBERNETES_MAJOR, KUBERNETES_MINOR, GIT_VERSION);
        KubernetesMockServer server = new KubernetesMockServer(new Context(Serialization.jsonMapper()),
                new MockWebServer(), new HashMap<>(), dispatcher, false,
                new VersionInfo.Builder().withMajor(KUBERNETES_MAJOR).withMinor(KUBERNETES_MINOR)
                        .withGitVersion(GIT_VERSION).build());
        try {
            server.init(InetAddress.getByName("localhost"), port);
        } catch (UnknownHostException | RuntimeException e) {
            throw new IllegalStateException("The mock Kubernetes API server did not start"
                    + (port != 0 ? " on port " + port : ""), e);
        }
        dispatcher.serverAddress("localhost:" + server.getPort());
        MockKubernetes kubernetes = new MockKubernetes(server, "http://localhost:" + server.getPort());
        kubernetes.client().namespaces()
                .resource(new NamespaceBuilder().withNewMetadata().withName(DEFAULT_NAMESPACE).endMetadata().build())
                .create();
        LOG.info("Mock Kubernetes API (fabric8, CRUD mode) ready at {} in {} ms", kubernetes.apiServerUrl,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return kubernetes;
    }

    /** Writes a kubeconfig for this server to {@code file} and reports it from {@link #kubeconfigFile()}. */
    public synchronized Path writeKubeconfig(Path file) {
        kubeconfigFile = Kubeconfigs.write(file, apiServerUrl, DEFAULT_NAMESPACE);
        return kubeconfigFile;
    }

    @Override
    public String apiServerUrl() {
        return apiServerUrl;
    }

    @Override
    public String namespace() {
        return DEFAULT_NAMESPACE;
    }

    @Override
    public synchronized Optional<Path> kubeconfigFile() {
        return Optional.ofNullable(kubeconfigFile);
    }

    @Override
    public synchronized KubernetesClient client() {
        if (closed) {
            throw new IllegalStateException("The mock Kubernetes API server at " + apiServerUrl + " was closed");
        }
        if (sharedClient == null) {
            sharedClient = newClient();
        }
        return sharedClient;
    }

    /** The server records every request it answers (fabric8's mock keeps them until taken). */
    @Override
    public List<String> takeRequests() {
        List<String> taken = new ArrayList<>();
        try {
            RecordedRequest request;
            while ((request = server.takeRequest(0, TimeUnit.MILLISECONDS)) != null) {
                taken.add(request.getMethod() + " " + request.getPath());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return taken;
    }

    @Override
    public BackendSource source() {
        return BackendSource.EMBEDDED;
    }

    @Override
    public String description() {
        return "Kubernetes API (fabric8 mock server, CRUD mode, plain HTTP) at " + apiServerUrl;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (sharedClient != null) {
                sharedClient.close();
            }
            server.destroy();
            LOG.info("Mock Kubernetes API at {} stopped", apiServerUrl);
        } catch (RuntimeException e) {
            LOG.warn("Stopping the mock Kubernetes API server failed", e);
        }
    }
}
