package io.kindred.devstack.registry;

import java.util.Map;

import io.kindred.devstack.backend.Backend;

/** An Apicurio Registry v3 API the devstack provides. */
public interface SchemaRegistryBackend extends Backend {

    String QUARKUS_CONNECTOR_REGISTRY_URL = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url";
    String REGISTRY_URL = "apicurio.registry.url";

    /** The v3 API base URL, e.g. {@code http://localhost:8085/apis/registry/v3} (the serdes' apicurio.registry.url). */
    String apiUrl();

    @Override
    default Map<String, String> quarkusConfig() {
        return Map.of(QUARKUS_CONNECTOR_REGISTRY_URL, apiUrl(), REGISTRY_URL, apiUrl());
    }
}
