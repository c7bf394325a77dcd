package io.kindred.devstack.kafka;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.kafka.KafkaContainer;

import io.kindred.devstack.backend.BackendSource;

/**
 * Kafka in a container (apache/kafka, KRaft). A "stopped" broker is a paused container: Docker keeps its port mapping
 * and data, so clients find it at the same address when it is unpaused.
 */
public final class ContainerKafka implements KafkaBackend {

    public static final String IMAGE = "apache/kafka:4.1.2";
    private static final Logger LOG = LoggerFactory.getLogger(ContainerKafka.class);

    private final KafkaContainer container;
    private boolean paused;

    private ContainerKafka(KafkaContainer container) {
        this.container = container;
    }

    public static ContainerKafka start() {
        KafkaContainer container = new KafkaContainer(IMAGE);
        container.start();
        LOG.info("Kafka container {} ready at {}", IMAGE, container.getBootstrapServers());
        return new ContainerKafka(container);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public boolean supportsBrokerRestart() {
        return true;
    }

    @Override
    public synchronized void stopBroker() {
        if (!paused) {
            container.getDockerClient().pauseContainerCmd(container.getContainerId()).exec();
            paused = true;
        }
    }

    @Override
    public synchronized void startBroker() {
        if (paused) {
            container.getDockerClient().unpauseContainerCmd(container.getContainerId()).exec();
            paused = false;
        }
    }

    @Override
    public BackendSource source() {
        return BackendSource.CONTAINER;
    }

    @Override
    public String description() {
        return "Kafka container " + IMAGE + " at " + bootstrapServers();
    }

    @Override
    public void close() {
        try {
            container.stop();
        } catch (RuntimeException e) {
            LOG.warn("Stopping the Kafka container failed", e);
        }
    }
}
