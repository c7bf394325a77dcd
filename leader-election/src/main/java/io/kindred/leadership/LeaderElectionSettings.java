package io.kindred.leadership;

import java.time.Duration;
import java.util.Objects;

/**
 * How a service takes part in the election of its leader.
 *
 * @param enabled       false: this instance leads at once and for good (one replica, or tooling); no Lease is used
 * @param leaseName     the coordination.k8s.io/v1 Lease the replicas compete for
 * @param namespace     the Lease's namespace (the pod's own, from the downward API)
 * @param identity      this instance's name in the Lease's holderIdentity; unique among the replicas
 * @param leaseDuration how long a standby waits after the leader's last renewal before it takes the Lease
 * @param renewDeadline how long the leader keeps trying to renew before it stands down; also how long after its last
 *                      successful renewal it still acts (see {@link LeaderElection#mayAct()})
 * @param retryPeriod   how often a standby tries to take the Lease and the leader renews it
 */
public record LeaderElectionSettings(boolean enabled, String leaseName, String namespace, String identity,
                                     Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {

    public LeaderElectionSettings {
        Objects.requireNonNull(identity, "identity");
        if (enabled) {
            requireText(leaseName, "lease name");
            requireText(namespace, "lease namespace");
            requireText(identity, "identity");
            requirePositive(leaseDuration, "lease duration");
            requirePositive(renewDeadline, "renew deadline");
            requirePositive(retryPeriod, "retry period");
            // The gap between the two is the margin for clock skew between the replicas: a standby compares the
            // leader's renewTime (the leader's clock) plus the lease duration with its own clock, while the leader
            // stops acting renewDeadline after its last renewal by its own monotonic clock.
            if (renewDeadline.compareTo(leaseDuration) >= 0) {
                throw new IllegalArgumentException("leader election: renew deadline (" + renewDeadline
                        + ") must be shorter than the lease duration (" + leaseDuration + ")");
            }
            if (retryPeriod.compareTo(renewDeadline) >= 0) {
                throw new IllegalArgumentException("leader election: retry period (" + retryPeriod
                        + ") must be shorter than the renew deadline (" + renewDeadline + ")");
            }
        }
    }

    /**
     * The settings as the services configure them: the namespace defaults to the client's (the pod's own namespace
     * in a cluster, from its service account), the identity to {@link #defaultIdentity()}.
     */
    public static LeaderElectionSettings of(LeaderElectionConfig config, String clientNamespace) {
        return new LeaderElectionSettings(config.enabled(), config.leaseName(),
                config.namespace().filter(n -> !n.isBlank())
                        .orElse(clientNamespace == null ? "default" : clientNamespace),
                config.identity().filter(i -> !i.isBlank()).orElseGet(LeaderElectionSettings::defaultIdentity),
                config.leaseDuration(), config.renewDeadline(), config.retryPeriod());
    }

    /** Leads at once, no Lease (a single replica). */
    public static LeaderElectionSettings disabled() {
        return new LeaderElectionSettings(false, null, null, defaultIdentity(), null, null, null);
    }

    /**
     * {@code POD_NAME} (the downward API), else {@code HOSTNAME} (a pod's name too) followed by the process id, so
     * that two processes on one machine (the devstack, tests) never share an identity.
     */
    public static String defaultIdentity() {
        String pod = System.getenv("POD_NAME");
        if (pod != null && !pod.isBlank()) {
            return pod;
        }
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "unknown-host";
            }
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("leader election: the " + what + " must be set");
        }
    }

    private static void requirePositive(Duration value, String what) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("leader election: the " + what + " must be positive, got " + value);
        }
    }
}
