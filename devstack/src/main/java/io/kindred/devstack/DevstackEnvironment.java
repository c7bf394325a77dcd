package io.kindred.devstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.Optional;

/**
 * What the process environment says about the backends: an endpoint named by an environment variable wins, then
 * containers when a Docker daemon answers, then the embedded implementation.
 */
public final class DevstackEnvironment {

    public static final String KAFKA_BOOTSTRAP_SERVERS = "KAFKA_BOOTSTRAP_SERVERS";
    public static final String PG_URL = "KINDRED_PG_URL";
    public static final String PG_USER = "KINDRED_PG_USER";
    public static final String PG_PASSWORD = "KINDRED_PG_PASSWORD";
    public static final String KUBECONFIG = "KUBECONFIG";
    public static final String APICURIO_REGISTRY_URL = "APICURIO_REGISTRY_URL";
    /** {@code false} keeps the devstack off Docker even when a daemon answers (faster start, no image pulls). */
    public static final String DOCKER_SWITCH = "KINDRED_DEVSTACK_DOCKER";

    private static final int REACHABILITY_TIMEOUT_MILLIS = 1_000;

    private final Map<String, String> variables;
    private final boolean endpointsHonoured;

    public DevstackEnvironment(Map<String, String> variables, boolean endpointsHonoured) {
        this.variables = Map.copyOf(variables);
        this.endpointsHonoured = endpointsHonoured;
    }

    public static DevstackEnvironment fromSystem() {
        return new DevstackEnvironment(System.getenv(), true);
    }

    /** The same environment, but every backend is started here even if a variable names an existing endpoint. */
    public DevstackEnvironment ignoringEndpoints() {
        return new DevstackEnvironment(variables, false);
    }

    /** The value of an endpoint variable, if endpoints are honoured and it is set to something non-blank. */
    public Optional<String> endpoint(String name) {
        if (!endpointsHonoured) {
            return Optional.empty();
        }
        return variable(name);
    }

    public Optional<String> variable(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** True when containers are allowed and a Docker daemon answers (asked once per JVM, see {@link DockerProbe}). */
    public boolean dockerAvailable() {
        if (variable(DOCKER_SWITCH).map("false"::equalsIgnoreCase).orElse(false)) {
            return false;
        }
        return DockerProbe.dockerAvailable(variables);
    }

    /** Whether something accepts TCP connections at host:port within a second. */
    public static boolean reachable(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), REACHABILITY_TIMEOUT_MILLIS);
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }
}
