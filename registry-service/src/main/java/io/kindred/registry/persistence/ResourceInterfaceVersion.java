package io.kindred.registry.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * The Resource Interface of one CRD version of a workload type. The spec is kept as the canonical JSON that
 * ri-core writes, so "is this version's RI unchanged?" is a plain string comparison.
 */
@Embeddable
public class ResourceInterfaceVersion {

    @Column(name = "version", nullable = false)
    public String version;

    /** Order in which the client listed the versions; responses and events keep it. */
    @Column(name = "position", nullable = false)
    public int position;

    @Column(name = "spec_json", nullable = false, columnDefinition = "text")
    public String specJson;

    public ResourceInterfaceVersion() {
    }

    public ResourceInterfaceVersion(String version, int position, String specJson) {
        this.version = version;
        this.position = position;
        this.specJson = specJson;
    }
}
