package io.kindred.devstack.registry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

import io.kindred.devstack.backend.BackendSource;

/** The real Apicurio Registry 3 (in-memory storage) in a container, the version the serdes come from. */
public final class ContainerSchemaRegistry implements SchemaRegistryBackend {

    public static final String IMAGE = "apicurio/apicurio-registry:3.1.7";
    private static final int HTTP_PORT = 8080;
    private static final Logger LOG = LoggerFactory.getLogger(ContainerSchemaRegistry.class);

    private final GenericContainer<?> container;

    private ContainerSchemaRegistry(GenericContainer<?> container) {
        this.container = container;
    }

    public static ContainerSchemaRegistry start() {
        GenericContainer<?> container = new GenericContainer<>(IMAGE)
                .withExposedPorts(HTTP_PORT)
                .waitingFor(Wait.forHttp(SchemaRegistryStandIn.API_PATH + "/system/info").forStatusCode(200));
        container.start();
        ContainerSchemaRegistry registry = new ContainerSchemaRegistry(container);
        LOG.info("Apicurio Registry container {} ready at {}", IMAGE, registry.apiUrl());
        return registry;
    }

    @Override
    public String apiUrl() {
        return "http://" + container.getHost() + ":" + container.getMappedPort(HTTP_PORT) + SchemaRegistryStandIn.API_PATH;
    }

    @Override
    public BackendSource source() {
        return BackendSource.CONTAINER;
    }

    @Override
    public String description() {
        return "Apicurio Registry container " + IMAGE + " at " + apiUrl();
    }

    @Override
    public void close() {
        try {
            container.stop();
        } catch (RuntimeException e) {
            LOG.warn("Stopping the Apicurio Registry container failed", e);
        }
    }
}
