package io.kindred.devstack.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import kafka.server.BrokerServer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kindred.devstack.backend.BackendSource;
import io.kindred.devstack.backend.QuietLogs;

/**
 * A real Kafka 4.1 broker in this JVM: one KRaft node that is both controller and broker, built with Kafka's own
 * {@link KafkaClusterTestKit}. The broker half can be shut down and started again on the same port with its logs kept
 * (the controller keeps running), which is how tests simulate a Kafka outage.
 */
public final class EmbeddedKafka implements KafkaBackend {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    /**
     * The test kit always binds its broker listener to a port it picks; a fixed port (bin/devstack's 9092) is served by
     * this extra listener instead, which the broker binds itself and re-binds on restart.
     */
    private static final String FIXED_PORT_LISTENER = "HOST";

    /** Single-node settings: every internal topic with one replica and as few partitions as possible for a fast start. */
    private static final Map<String, String> SINGLE_NODE_CONFIG = Map.ofEntries(
            Map.entry("auto.create.topics.enable", "true"),
            Map.entry("num.partitions", "1"),
            Map.entry("default.replication.factor", "1"),
            Map.entry("min.insync.replicas", "1"),
            Map.entry("offsets.topic.replication.factor", "1"),
            Map.entry("offsets.topic.num.partitions", "1"),
            Map.entry("transaction.state.log.replication.factor", "1"),
            Map.entry("transaction.state.log.min.isr", "1"),
            Map.entry("transaction.state.log.num.partitions", "1"),
            Map.entry("share.coordinator.state.topic.replication.factor", "1"),
            Map.entry("share.coordinator.state.topic.min.isr", "1"),
            Map.entry("share.coordinator.state.topic.num.partitions", "1"),
            Map.entry("group.initial.rebalance.delay.ms", "0"),
            // The test kit turns unstable APIs and feature levels on for Kafka's own tests; services must see what a
            // production broker offers.
            Map.entry("unstable.api.versions.enable", "false"),
            Map.entry("unstable.feature.versions.enable", "false"));

    private final KafkaClusterTestKit cluster;
    private final Path dataDirectory;
    private final String bootstrapServers;
    private boolean brokerRunning = true;
    private boolean closed;

    private EmbeddedKafka(KafkaClusterTestKit cluster, Path dataDirectory, String bootstrapServers) {
        this.cluster = cluster;
        this.dataDirectory = dataDirectory;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Formats a fresh data directory and starts the node.
     *
     * @param port the client port, or 0 for one chosen by the OS
     */
    public static EmbeddedKafka start(int port) {
        // the broker's side only: a service's own Kafka clients (org.apache.kafka.clients) keep their levels
        QuietLogs.warningsOnly("kafka", "state.change.logger", "org.apache.kafka.server", "org.apache.kafka.controller",
                "org.apache.kafka.raft", "org.apache.kafka.image", "org.apache.kafka.metadata",
                "org.apache.kafka.storage", "org.apache.kafka.coordinator", "org.apache.kafka.queue",
                "org.apache.kafka.snapshot", "org.apache.kafka.network", "org.apache.kafka.common.test");
        long started = System.nanoTime();
        Path dataDirectory;
        try {
            dataDirectory = Files.createTempDirectory("kindred-kafka-");
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create a data directory for the embedded Kafka broker", e);
        }
        KafkaClusterTestKit cluster = null;
        try {
            TestKitNodes nodes = new TestKitNodes.Builder(productionBootstrapMetadata())
                    .setCombined(true)
                    .setNumControllerNodes(1)
                    .setNumBrokerNodes(1)
                    .setBaseDirectory(dataDirectory)
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
            SINGLE_NODE_CONFIG.forEach(builder::setConfigProp);
            if (port != 0) {
                String broker = nodes.brokerListenerName().value();
                String controller = nodes.controllerListenerName().value();
                builder.setConfigProp("listeners", broker + "://localhost:0," + controller + "://localhost:0,"
                        + FIXED_PORT_LISTENER + "://localhost:" + port);
                builder.setConfigProp("listener.security.protocol.map", broker + ":PLAINTEXT," + controller
                        + ":PLAINTEXT," + FIXED_PORT_LISTENER + ":PLAINTEXT");
            }
            cluster = builder.build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            String bootstrapServers = port != 0 ? "localhost:" + port : cluster.bootstrapServers();
            EmbeddedKafka kafka = new EmbeddedKafka(cluster, dataDirectory, bootstrapServers);
            LOG.info("Embedded Kafka {} (KRaft, combined controller+broker) ready at {} in {} ms",
                    kafkaVersion(), bootstrapServers, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return kafka;
        } catch (Exception e) {
            if (cluster != null) {
                closeQuietly(cluster);
            }
            deleteQuietly(dataDirectory);
            throw new IllegalStateException("The embedded Kafka broker did not start"
                    + (port != 0 ? " on port " + port : ""), e);
        }
    }

    /** The latest production metadata version with every production feature at its default level for it. */
    private static BootstrapMetadata productionBootstrapMetadata() {
        MetadataVersion version = MetadataVersion.latestProduction();
        Map<String, Short> features = new TreeMap<>();
        for (Feature feature : Feature.PRODUCTION_FEATURES) {
            features.put(feature.featureName(), feature.defaultLevel(version));
        }
        return BootstrapMetadata.fromVersions(version, features, "kindred-devstack");
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public boolean supportsBrokerRestart() {
        return true;
    }

    @Override
    public synchronized void stopBroker() {
        requireOpen();
        if (!brokerRunning) {
            return;
        }
        BrokerServer broker = broker();
        int brokerId = broker.config().brokerId();
        broker.shutdown();
        broker.awaitShutdown();
        unregister(brokerId);
        brokerRunning = false;
        LOG.info("Embedded Kafka broker stopped ({} refuses connections until startBroker)", bootstrapServers);
    }

    @Override
    public synchronized void startBroker() {
        requireOpen();
        if (brokerRunning) {
            return;
        }
        long started = System.nanoTime();
        broker().startup();
        try {
            cluster.waitForReadyBrokers();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the restarted Kafka broker", e);
        } catch (Exception e) {
            throw new IllegalStateException("The restarted Kafka broker did not become ready", e);
        }
        brokerRunning = true;
        LOG.info("Embedded Kafka broker back at {} in {} ms", bootstrapServers,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /**
     * Forgets the stopped broker's registration. Otherwise the controller keeps the old incarnation's session alive for
     * broker.session.timeout.ms and refuses the restarted broker (DUPLICATE_BROKER_REGISTRATION) until it expires.
     */
    private void unregister(int brokerId) {
        Map<String, Object> adminConfig = Map.of(
                AdminClientConfig.BOOTSTRAP_CONTROLLERS_CONFIG, cluster.bootstrapControllers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        try (Admin admin = Admin.create(adminConfig)) {
            admin.unregisterBroker(brokerId).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while unregistering the stopped Kafka broker", e);
        } catch (Exception e) {
            throw new IllegalStateException("Could not unregister the stopped Kafka broker " + brokerId, e);
        }
    }

    public synchronized boolean brokerRunning() {
        return brokerRunning;
    }

    /** The port the broker's client listener is bound to right now, or -1 while it is stopped. */
    public synchronized int boundPort() {
        if (!brokerRunning) {
            return -1;
        }
        ListenerName listener = bootstrapServers.equals(cluster.bootstrapServers())
                ? cluster.nodes().brokerListenerName()
                : ListenerName.normalised(FIXED_PORT_LISTENER);
        return broker().boundPort(listener);
    }

    private BrokerServer broker() {
        return cluster.brokers().values().iterator().next();
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("The embedded Kafka broker at " + bootstrapServers + " was closed");
        }
    }

    @Override
    public BackendSource source() {
        return BackendSource.EMBEDDED;
    }

    @Override
    public String description() {
        return "Kafka " + kafkaVersion() + " in-process (KRaft, combined controller+broker) at " + bootstrapServers;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(cluster);
        deleteQuietly(dataDirectory);
        LOG.info("Embedded Kafka at {} stopped", bootstrapServers);
    }

    private static String kafkaVersion() {
        return org.apache.kafka.common.utils.AppInfoParser.getVersion();
    }

    private static void closeQuietly(KafkaClusterTestKit cluster) {
        try {
            cluster.close();
        } catch (Exception e) {
            LOG.warn("Stopping the embedded Kafka broker failed", e);
        }
    }

    private static void deleteQuietly(Path directory) {
        try {
            org.apache.kafka.common.utils.Utils.delete(directory.toFile());
        } catch (Exception e) {
            LOG.warn("Could not delete the embedded Kafka data directory {}", directory, e);
        }
    }
}
