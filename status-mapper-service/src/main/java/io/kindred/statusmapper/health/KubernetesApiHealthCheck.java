package io.kindred.statusmapper.health;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;

/**
 * Whether the Kubernetes API server answers ({@code GET /version}). The answer is cached for a few seconds so
 * frequent probes do not load the API server.
 */
@Readiness
@ApplicationScoped
public class KubernetesApiHealthCheck implements HealthCheck {

    private static final Duration CACHE = Duration.ofSeconds(5);

    @Inject
    KubernetesClient client;

    private volatile HealthCheckResponse cached;
    private volatile Instant cachedAt = Instant.EPOCH;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponse last = cached;
        if (last != null && cachedAt.plus(CACHE).isAfter(Instant.now())) {
            return last;
        }
        HealthCheckResponse response;
        try {
            VersionInfo version = client.getKubernetesVersion();
            response = HealthCheckResponse.named("Kubernetes API").up()
                    .withData("url", String.valueOf(client.getMasterUrl()))
                    .withData("version", version == null ? "unknown" : version.getGitVersion())
                    .build();
        } catch (RuntimeException e) {
            response = HealthCheckResponse.named("Kubernetes API").down()
                    .withData("url", String.valueOf(client.getMasterUrl()))
                    .withData("error", String.valueOf(e.getMessage()))
                    .build();
        }
        cached = response;
        cachedAt = Instant.now();
        return response;
    }
}
