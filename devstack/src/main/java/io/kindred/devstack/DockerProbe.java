package io.kindred.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers "does a Docker daemon answer?" once per JVM. Testcontainers' own check is thorough but slow and loud when
 * there is no daemon at all, so it only runs when a Docker endpoint plausibly exists (DOCKER_HOST, a Testcontainers
 * docker.host setting, or a known socket file).
 */
final class DockerProbe {

    private static final Logger LOG = LoggerFactory.getLogger(DockerProbe.class);
    private static Boolean available;

    private DockerProbe() {
    }

    static synchronized boolean dockerAvailable(Map<String, String> env) {
        if (available == null) {
            available = plausibleDockerEndpoint(env) && testcontainersSaysAvailable();
            LOG.info("Docker daemon {}", available ? "answers: backends without an endpoint variable run in containers"
                    : "not found: backends without an endpoint variable run in-process");
        }
        return available;
    }

    static boolean plausibleDockerEndpoint(Map<String, String> env) {
        if (notBlank(env.get("DOCKER_HOST"))) {
            return true;
        }
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return true; // named pipe: nothing cheap to look at
        }
        String home = System.getProperty("user.home", "");
        try {
            Path testcontainersProperties = Path.of(home, ".testcontainers.properties");
            if (Files.isReadable(testcontainersProperties)
                    && Files.readString(testcontainersProperties).contains("docker.host")) {
                return true;
            }
        } catch (Exception e) {
            // unreadable settings file: fall through to the socket checks
        }
        List<Path> sockets = new ArrayList<>(List.of(
                Path.of("/var/run/docker.sock"),
                Path.of("/run/podman/podman.sock"),
                Path.of(home, ".docker", "run", "docker.sock"),
                Path.of(home, ".docker", "desktop", "docker.sock"),
                Path.of(home, ".colima", "default", "docker.sock"),
                Path.of(home, ".rd", "docker.sock")));
        String runtimeDir = env.get("XDG_RUNTIME_DIR");
        if (notBlank(runtimeDir)) {
            sockets.add(Path.of(runtimeDir, "docker.sock"));
            sockets.add(Path.of(runtimeDir, "podman", "podman.sock"));
        }
        return sockets.stream().anyMatch(Files::exists);
    }

    private static boolean testcontainersSaysAvailable() {
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            LOG.info("Testcontainers could not reach Docker: {}", e.toString());
            return false;
        }
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }
}
