package io.kindred.registry.api;

import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * One entry of WorkloadTypeConfig.resourceInterfaces: the CRD version and the Resource Interface as
 * {@code {"spec": …}}. The RI is written straight from its stored canonical JSON (no re-parsing per request).
 */
public record ResourceInterfaceWithVersion(String version, @JsonRawValue String resourceInterface) {

    public static ResourceInterfaceWithVersion of(String version, String canonicalSpecJson) {
        return new ResourceInterfaceWithVersion(version, "{\"spec\":" + canonicalSpecJson + "}");
    }
}
