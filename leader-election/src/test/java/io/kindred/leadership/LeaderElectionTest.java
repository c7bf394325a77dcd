package io.kindred.leadership;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kindred.devstack.junit.MockKubernetesExtension;

/**
 * Two (or three) candidates on the devstack's mock API server (CRUD mode, which serves coordination.k8s.io/v1 Leases
 * with optimistic concurrency). A watchdog thread checks, every millisecond of every test, that no two candidates
 * may act at once.
 */
class LeaderElectionTest {

    private static final Duration LEASE = Duration.ofMillis(1500);
    private static final Duration RENEW_DEADLINE = Duration.ofMillis(1000);
    private static final Duration RETRY = Duration.ofMillis(200);

    @RegisterExtension
    static final MockKubernetesExtension API = new MockKubernetesExtension();

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<Candidate> candidates = new ArrayList<>();
    private final AtomicBoolean watching = new AtomicBoolean(true);
    private final AtomicInteger overlaps = new AtomicInteger();
    private Thread watchdog;

    @AfterEach
    void closeAll() throws Exception {
        watching.set(false);
        if (watchdog != null) {
            watchdog.join();
        }
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        assertThat(overlaps.get()).as("moments at which two candidates could act").isZero();
    }

    @Test
    void exactlyOneLeadsAndAStandbyTakesOverWhenTheLeaderStepsDown() throws Exception {
        Candidate a = candidate("lease-steps-down", "a", null);
        Candidate b = candidate("lease-steps-down", "b", null);
        watchOverlaps();

        awaitTrue(() -> a.election.mayAct() || b.election.mayAct(), Duration.ofSeconds(10));
        Candidate leader = a.election.leading() ? a : b;
        Candidate standby = leader == a ? b : a;
        assertThat(standby.election.leading()).isFalse();
        awaitTrue(() -> leader.election.identity().equals(standby.election.holder()), Duration.ofSeconds(5));
        assertThat(standby.election.describe()).startsWith("standby").contains("leader: " + leader.election.identity());
        assertThat(lease("lease-steps-down").getSpec().getHolderIdentity()).isEqualTo(leader.election.identity());

        long stepDown = System.nanoTime();
        leader.election.close();
        assertThat(leader.election.mayAct()).isFalse();
        assertThat(leader.events).containsExactly("started", "stopped");
        // the Lease was given up, so the standby need not wait for it to expire
        awaitTrue(standby.election::mayAct, LEASE);
        System.out.printf("takeover after a graceful step-down: %d ms%n", (System.nanoTime() - stepDown) / 1_000_000);
        assertThat(standby.events).containsExactly("started");
        assertThat(lease("lease-steps-down").getSpec().getHolderIdentity()).isEqualTo(standby.election.identity());
    }

    @Test
    void aLeaderCutOffFromTheApiStopsActingBeforeTheStandbyTakesOverAndCompetesAgainAfterwards() throws Exception {
        TcpProxy proxy = new TcpProxy(port());
        closeables.add(proxy);
        Candidate cutOff = candidate("lease-partition", "partitioned", "http://localhost:" + proxy.port());
        awaitTrue(cutOff.election::mayAct, Duration.ofSeconds(10));
        Candidate standby = candidate("lease-partition", "standby", null);
        watchOverlaps();
        Thread.sleep(RETRY.toMillis() * 3);
        assertThat(standby.election.leading()).isFalse();

        long partitioned = System.nanoTime();
        proxy.cut();
        awaitTrue(() -> !cutOff.election.mayAct(), Duration.ofSeconds(5));
        long stoppedActing = System.nanoTime();
        awaitTrue(standby.election::mayAct, Duration.ofSeconds(10));
        long tookOver = System.nanoTime();
        System.out.printf("partitioned leader stopped acting after %d ms; standby took over after %d ms%n",
                (stoppedActing - partitioned) / 1_000_000, (tookOver - partitioned) / 1_000_000);
        assertThat(stoppedActing).isLessThan(tookOver);
        awaitTrue(() -> cutOff.events.contains("stopped"), Duration.ofSeconds(10));
        assertThat(cutOff.election.leading()).isFalse();
        assertThat(standby.events).containsExactly("started");
    }

    @Test
    void aDeposedLeaderCompetesAgainAndLeadsWhenTheNewLeaderGoes() throws Exception {
        Candidate a = candidate("lease-again", "a", null);
        awaitTrue(a.election::mayAct, Duration.ofSeconds(10));
        Candidate b = candidate("lease-again", "b", null);
        watchOverlaps();
        // Take the Lease away from a by writing b into it behind the election's back (what a standby would do
        // after a's lease expired): a must notice, stop, and become a candidate again.
        for (int attempt = 0; ; attempt++) {
            Lease lease = lease("lease-again");
            lease.getSpec().setHolderIdentity("someone-else");
            lease.getSpec().setRenewTime(java.time.ZonedDateTime.now().plusSeconds(1));
            try {
                API.server().client().resource(lease).update();
                break;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException conflict) {
                if (conflict.getCode() != 409 || attempt > 20) {
                    throw conflict;
                }
            }
        }
        awaitTrue(() -> a.events.contains("stopped"), Duration.ofSeconds(10));
        // the foreign holder never renews: after its lease runs out one of a and b leads again
        awaitTrue(() -> a.election.mayAct() || b.election.mayAct(), Duration.ofSeconds(10));
        Candidate leader = a.election.leading() ? a : b;
        Candidate other = leader == a ? b : a;
        leader.election.close();
        awaitTrue(other.election::mayAct, Duration.ofSeconds(5));
    }

    @Test
    void disabledLeadsAtOnceWithoutALease() {
        List<String> events = new ArrayList<>();
        LeaderElection election = new LeaderElection(API.server().client(), LeaderElectionSettings.disabled(),
                listener(events));
        election.start();
        assertThat(election.mayAct()).isTrue();
        assertThat(events).containsExactly("started");
        assertThat(election.describe()).isEqualTo("leader (election off)");
        election.close();
        assertThat(election.mayAct()).isFalse();
        assertThat(events).containsExactly("started", "stopped");
    }

    @Test
    void refusesDurationsThatCannotKeepTwoLeadersApart() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LeaderElectionSettings(true, "l", "default", "me",
                        Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(2)))
                .hasMessageContaining("renew deadline").hasMessageContaining("shorter than the lease duration");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LeaderElectionSettings(true, "l", "default", "me",
                        Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(5)))
                .hasMessageContaining("retry period");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LeaderElectionSettings(true, " ", "default", "me",
                        Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .hasMessageContaining("lease name");
    }

    private record Candidate(LeaderElection election, List<String> events) {
    }

    private Candidate candidate(String lease, String identity, String url) {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url != null ? url : API.server().apiServerUrl())
                .withNamespace("default").withRequestTimeout(500).withConnectionTimeout(500)
                .withRequestRetryBackoffLimit(0).build();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        LeaderElection election = new LeaderElection(client, new LeaderElectionSettings(true, lease, "default",
                identity, LEASE, RENEW_DEADLINE, RETRY), listener(events));
        closeables.add(client);
        closeables.add(election);
        election.start();
        Candidate candidate = new Candidate(election, events);
        candidates.add(candidate);
        return candidate;
    }

    private static LeaderElection.Listener listener(List<String> events) {
        return new LeaderElection.Listener() {
            @Override
            public void startedLeading() {
                events.add("started");
            }

            @Override
            public void stoppedLeading() {
                events.add("stopped");
            }
        };
    }

    private void watchOverlaps() {
        List<Candidate> watched = List.copyOf(candidates);
        watchdog = new Thread(() -> {
            while (watching.get()) {
                if (watched.stream().filter(c -> c.election.mayAct()).count() > 1) {
                    overlaps.incrementAndGet();
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private static Lease lease(String name) {
        return API.server().client().leases().inNamespace("default").withName(name).get();
    }

    private static int port() {
        return java.net.URI.create(API.server().apiServerUrl()).getPort();
    }

    private static void awaitTrue(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not true within " + timeout);
            }
            Thread.sleep(10);
        }
    }
}
