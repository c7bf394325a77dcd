package io.kindred.devstack.registry;

import io.kindred.devstack.backend.BackendSource;

/** A registry named by APICURIO_REGISTRY_URL: used as is, never stopped. */
public record ExternalSchemaRegistry(String apiUrl) implements SchemaRegistryBackend {

    @Override
    public BackendSource source() {
        return BackendSource.EXTERNAL;
    }

    @Override
    public String description() {
        return "Schema registry at " + apiUrl + " (from APICURIO_REGISTRY_URL)";
    }

    @Override
    public void close() {
        // not ours to stop
    }
}
