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

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
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

    /** Holds the store: it outlives a {@link #stopServer()}/{@link #startServer()} cycle of the HTTP server. */
    private final KubernetesCrudDispatcher store;
    private final KubernetesApiDispatcher dispatcher;
    private final int port;
    private final String apiServerUrl;
    /** Null while stopped. */
    private KubernetesMockServer server;
    private KubernetesClient sharedClient;
    private Path kubeconfigFile;
    private boolean closed;

    private MockKubernetes(KubernetesCrudDispatcher store, KubernetesApiDispatcher dispatcher,
            KubernetesMockServer server) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.server = server;
        this.port = server.getPort();
        this.apiServerUrl = "http://localhost:" + port;
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
        KubernetesCrudDispatcher store = new IndexedCrudDispatcher();
        KubernetesApiDispatcher dispatcher = new KubernetesApiDispatcher(store, KUBERNETES_MAJOR, KUBERNETES_MINOR,
                GIT_VERSION);
        KubernetesMockServer server = serve(dispatcher, port);
        dispatcher.serverAddress("localhost:" + server.getPort());
        MockKubernetes kubernetes = new MockKubernetes(store, dispatcher, server);
        kubernetes.client().namespaces()
                .resource(new NamespaceBuilder().withNewMetadata().withName(DEFAULT_NAMESPACE).endMetadata().build())
                .create();
        LOG.info("Mock Kubernetes API (fabric8, CRUD mode) ready at {} in {} ms", kubernetes.apiServerUrl,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return kubernetes;
    }

    private static KubernetesMockServer serve(KubernetesApiDispatcher dispatcher, int port) {
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
        return server;
    }

    @Override
    public boolean supportsRestart() {
        return true;
    }

    /**
     * "The API server is unavailable": the HTTP server goes away (its port refuses connections, open watches are cut);
     * the objects stay. Idempotent.
     */
    @Override
    public synchronized void stopServer() {
        if (closed || server == null) {
            return;
        }
        server.destroy();
        server = null;
        LOG.info("Mock Kubernetes API at {} stopped (objects kept)", apiServerUrl);
    }

    /**
     * Serves the same objects on the same port again. A watch that resumes from a resourceVersion of before the restart
     * gets 410 Gone, as from a real API server whose watch cache was lost, so informers relist and see deletions that
     * happened before they reconnected. Idempotent.
     */
    @Override
    public synchronized void startServer() {
        if (closed) {
            throw new IllegalStateException("The mock Kubernetes API server at " + apiServerUrl + " was closed");
        }
        if (server != null) {
            return;
        }
        dispatcher.expireWatchesBefore(store.requestResourceVersion());
        server = serve(dispatcher, port);
        LOG.info("Mock Kubernetes API at {} serving again", apiServerUrl);
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
    public synchronized List<String> takeRequests() {
        List<String> taken = new ArrayList<>();
        if (server == null) {
            return taken;
        }
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
            if (server != null) {
                server.destroy();
                server = null;
            }
            LOG.info("Mock Kubernetes API at {} stopped", apiServerUrl);
        } catch (RuntimeException e) {
            LOG.warn("Stopping the mock Kubernetes API server failed", e);
        }
    }
}
