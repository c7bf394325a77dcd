package io.kindred.devstack;

import io.kindred.devstack.backend.Backend;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kindred.devstack.kafka.ContainerKafka;
import io.kindred.devstack.kafka.EmbeddedKafka;
import io.kindred.devstack.kafka.ExternalKafka;
import io.kindred.devstack.kafka.KafkaBackend;
import io.kindred.devstack.kubernetes.ExternalKubernetes;
import io.kindred.devstack.kubernetes.KubernetesBackend;
import io.kindred.devstack.kubernetes.MockKubernetes;
import io.kindred.devstack.postgres.ContainerPostgres;
import io.kindred.devstack.postgres.EmbeddedPostgresServer;
import io.kindred.devstack.postgres.ExternalPostgres;
import io.kindred.devstack.postgres.PostgresBackend;
import io.kindred.devstack.registry.ContainerSchemaRegistry;
import io.kindred.devstack.registry.ExternalSchemaRegistry;
import io.kindred.devstack.registry.SchemaRegistryBackend;
import io.kindred.devstack.registry.SchemaRegistryStandIn;

/**
 * Chooses and starts each backend: the endpoint named by its environment variable if it answers, else a container
 * when Docker answers, else the in-process implementation. A variable that names nothing reachable is reported and
 * skipped; a malformed one is an error.
 */
public final class Backends {

    private static final Logger LOG = LoggerFactory.getLogger(Backends.class);

    private Backends() {
    }

    public static KafkaBackend kafka(DevstackEnvironment environment, int port) {
        Optional<String> endpoint = environment.endpoint(DevstackEnvironment.KAFKA_BOOTSTRAP_SERVERS);
        if (endpoint.isPresent()) {
            if (Arrays.stream(endpoint.get().split(",")).map(String::trim).anyMatch(Backends::hostPortReachable)) {
                return announce(new ExternalKafka(endpoint.get()));
            }
            unreachable(DevstackEnvironment.KAFKA_BOOTSTRAP_SERVERS, endpoint.get());
        }
        if (environment.dockerAvailable()) {
            return announce(ContainerKafka.start());
        }
        return announce(EmbeddedKafka.start(port));
    }

    public static PostgresBackend postgres(DevstackEnvironment environment, int port) {
        Optional<String> endpoint = environment.endpoint(DevstackEnvironment.PG_URL);
        if (endpoint.isPresent()) {
            ExternalPostgres external = ExternalPostgres.parse(endpoint.get(),
                    environment.variable(DevstackEnvironment.PG_USER).orElse(null),
                    environment.variable(DevstackEnvironment.PG_PASSWORD).orElse(null));
            if (DevstackEnvironment.reachable(external.host(), external.port())) {
                return announce(external);
            }
            unreachable(DevstackEnvironment.PG_URL, endpoint.get());
        }
        if (environment.dockerAvailable()) {
            return announce(ContainerPostgres.start());
        }
        return announce(EmbeddedPostgresServer.start(port));
    }

    public static SchemaRegistryBackend schemaRegistry(DevstackEnvironment environment, int port) {
        Optional<String> endpoint = environment.endpoint(DevstackEnvironment.APICURIO_REGISTRY_URL);
        if (endpoint.isPresent()) {
            URI uri = parseHttpUrl(endpoint.get(), DevstackEnvironment.APICURIO_REGISTRY_URL);
            if (DevstackEnvironment.reachable(uri.getHost(), portOf(uri))) {
                return announce(new ExternalSchemaRegistry(endpoint.get().replaceFirst("/$", "")));
            }
            unreachable(DevstackEnvironment.APICURIO_REGISTRY_URL, endpoint.get());
        }
        if (environment.dockerAvailable()) {
            return announce(ContainerSchemaRegistry.start());
        }
        return announce(SchemaRegistryStandIn.start(port));
    }

    /** Kubernetes has no container variant: a real cluster comes from KUBECONFIG, otherwise the mock API server. */
    public static KubernetesBackend kubernetes(DevstackEnvironment environment, int port) {
        Optional<String> endpoint = environment.endpoint(DevstackEnvironment.KUBECONFIG);
        if (endpoint.isPresent()) {
            // like kubectl, KUBECONFIG may list several files; the first one that exists is used
            Optional<Path> file = Arrays.stream(endpoint.get().split(java.io.File.pathSeparator))
                    .filter(s -> !s.isBlank()).map(Path::of).filter(Files::isRegularFile).findFirst();
            if (file.isPresent()) {
                ExternalKubernetes external = ExternalKubernetes.fromKubeconfig(file.get());
                URI server = URI.create(external.apiServerUrl());
                if (DevstackEnvironment.reachable(server.getHost(), portOf(server))) {
                    return announce(external);
                }
                external.close();
                unreachable(DevstackEnvironment.KUBECONFIG, external.apiServerUrl() + " (from " + file.get() + ")");
            } else {
                unreachable(DevstackEnvironment.KUBECONFIG, endpoint.get() + " (no such file)");
            }
        }
        return announce(MockKubernetes.start(port));
    }

    private static <T extends Backend> T announce(T backend) {
        LOG.info("{}", backend.description());
        return backend;
    }

    private static void unreachable(String variable, String value) {
        LOG.warn("{}={} does not answer; starting that backend here instead", variable, value);
    }

    private static boolean hostPortReachable(String hostPort) {
        String address = hostPort.replaceFirst("^[A-Za-z_]+://", "");
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException(DevstackEnvironment.KAFKA_BOOTSTRAP_SERVERS
                    + " entries must be host:port, got '" + hostPort + "'");
        }
        String host = address.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(DevstackEnvironment.KAFKA_BOOTSTRAP_SERVERS
                    + " entries must be host:port, got '" + hostPort + "'", e);
        }
        return DevstackEnvironment.reachable(host, port);
    }

    private static URI parseHttpUrl(String value, String variable) {
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(variable + " is not a URL: " + value, e);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(variable + " must be an http(s) URL with a host, was " + value);
        }
        return uri;
    }

    private static int portOf(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equals(uri.getScheme()) ? 443 : 80;
    }
}
