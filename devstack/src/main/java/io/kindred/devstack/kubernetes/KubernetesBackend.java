package io.kindred.devstack.kubernetes;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kindred.devstack.backend.BackendSource;
import io.kindred.devstack.backend.RestartableBackend;

/** A Kubernetes API server the devstack provides. */
public interface KubernetesBackend extends RestartableBackend {

    String DEFAULT_NAMESPACE = "default";

    /**
     * The bearer token clients of the mock server send (it checks none). A client without any token makes fabric8
     * 7.5's TokenRefreshInterceptor reload its whole configuration (environment, system properties, kubeconfig
     * files) before every request once it is a minute old — about half of a client's CPU per request in load
     * tests — because it only notes a refresh that yielded a token. Real clients always have one (a service
     * account's, or the kubeconfig's).
     */
    String MOCK_TOKEN = "kindred-devstack-mock";

    /** e.g. {@code http://localhost:6443}. */
    String apiServerUrl();

    /** The namespace clients default to. */
    String namespace();

    /** The kubeconfig that reaches this server, when there is one (KUBECONFIG, or one written for the mock server). */
    Optional<Path> kubeconfigFile();

    /**
     * A client shared by everyone using this backend in this class loader. Do not close it; use {@link #newClient()}
     * for one of your own.
     */
    KubernetesClient client();

    /** Client configuration: the external kubeconfig (credentials included), or the mock server's URL. */
    default Config clientConfig() {
        if (source() == BackendSource.EXTERNAL && kubeconfigFile().isPresent()) {
            Config config = Config.fromKubeconfig(kubeconfigFile().get().toFile());
            config.setNamespace(namespace());
            return config;
        }
        return new ConfigBuilder(Config.empty())
                .withMasterUrl(apiServerUrl())
                .withNamespace(namespace())
                .withTrustCerts(true)
                .withOauthToken(MOCK_TOKEN)
                .build();
    }

    /**
     * The requests the server received since the last call, oldest first, as {@code METHOD path?query}: what a load
     * harness counts (e.g. API GETs per pod admission). Only the in-process mock server records them.
     *
     * @throws UnsupportedOperationException for a server that does not record its requests
     */
    default List<String> takeRequests() {
        throw new UnsupportedOperationException(description() + " does not record its requests");
    }

    /** A new client the caller owns (and closes). */
    default KubernetesClient newClient() {
        return new KubernetesClientBuilder().withConfig(clientConfig()).build();
    }

    @Override
    default Map<String, String> quarkusConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.kubernetes-client.api-server-url", apiServerUrl());
        config.put("quarkus.kubernetes-client.namespace", namespace());
        if (source() != BackendSource.EXTERNAL) {
            // the mock server speaks plain HTTP; trusting certificates only matters if that ever changes
            config.put("quarkus.kubernetes-client.trust-certs", "true");
            config.put("quarkus.kubernetes-client.token", MOCK_TOKEN);
        }
        return config;
    }
}
