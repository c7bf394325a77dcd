package io.kindred.leadership;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * The {@code kindred.leader-election.*} settings, one config group both services nest in their own
 * {@code @ConfigMapping} (each sets its Lease name in its application.properties). See {@link LeaderElectionSettings}
 * for what each one does.
 */
public interface LeaderElectionConfig {

    /** Off: this instance leads at once and for good (run exactly one replica then). */
    @WithDefault("true")
    boolean enabled();

    /** The coordination.k8s.io/v1 Lease the replicas compete for. */
    @WithName("lease-name")
    String leaseName();

    /** The Lease's namespace; default the Kubernetes client's (the pod's own in a cluster). */
    Optional<String> namespace();

    /** This replica's name in the Lease; default POD_NAME, else HOSTNAME-pid. Unique per replica. */
    Optional<String> identity();

    /** How long after the leader's last renewal a standby may take the Lease. */
    @WithName("lease-duration")
    @WithDefault("10s")
    Duration leaseDuration();

    /** How long the leader tries to renew before it stands down; it stops acting this long after its last renewal. */
    @WithName("renew-deadline")
    @WithDefault("7s")
    Duration renewDeadline();

    /** How often the leader renews and a standby tries to take the Lease. */
    @WithName("retry-period")
    @WithDefault("2s")
    Duration retryPeriod();
}
