package io.kindred.devstack.kubernetes;

import java.nio.file.Path;
import java.util.Optional;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kindred.devstack.backend.BackendSource;

/** The cluster of KUBECONFIG's current context: used as is, never stopped. */
public final class ExternalKubernetes implements KubernetesBackend {

    private final Path kubeconfig;
    private final String apiServerUrl;
    private final String namespace;
    private KubernetesClient sharedClient;

    private ExternalKubernetes(Path kubeconfig, String apiServerUrl, String namespace) {
        this.kubeconfig = kubeconfig;
        this.apiServerUrl = apiServerUrl;
        this.namespace = namespace;
    }

    /**
     * Reads the current context of a kubeconfig file.
     *
     * @throws IllegalArgumentException naming KUBECONFIG when the file is unreadable or names no server
     */
    public static ExternalKubernetes fromKubeconfig(Path kubeconfig) {
        Config config;
        try {
            config = Config.fromKubeconfig(kubeconfig.toFile());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("KUBECONFIG " + kubeconfig + " cannot be read: " + e.getMessage(), e);
        }
        if (config.getMasterUrl() == null || config.getMasterUrl().isBlank()) {
            throw new IllegalArgumentException("KUBECONFIG " + kubeconfig + " names no server in its current context");
        }
        String namespace = config.getNamespace() == null || config.getNamespace().isBlank()
                ? DEFAULT_NAMESPACE : config.getNamespace();
        return new ExternalKubernetes(kubeconfig, config.getMasterUrl().replaceFirst("/$", ""), namespace);
    }

    @Override
    public String apiServerUrl() {
        return apiServerUrl;
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public Optional<Path> kubeconfigFile() {
        return Optional.of(kubeconfig);
    }

    @Override
    public synchronized KubernetesClient client() {
        if (sharedClient == null) {
            sharedClient = newClient();
        }
        return sharedClient;
    }

    @Override
    public BackendSource source() {
        return BackendSource.EXTERNAL;
    }

    @Override
    public String description() {
        return "Kubernetes API at " + apiServerUrl + " (from KUBECONFIG " + kubeconfig + ")";
    }

    @Override
    public synchronized void close() {
        if (sharedClient != null) {
            sharedClient.close();
        }
    }
}
