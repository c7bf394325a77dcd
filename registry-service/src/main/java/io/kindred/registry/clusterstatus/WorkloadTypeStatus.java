package io.kindred.registry.clusterstatus;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * Run:ai's WorkloadTypeStatus: how one cluster handles a workload type.
 *
 * @param clusterId the cluster's id as a UUID (see {@link ClusterIds})
 * @param phase Ready, NotReady or Unknown (see {@link ClusterStatuses})
 * @param conditions what is wrong; empty when Ready
 * @param version the CRD version whose objects the cluster maps (the lead), else the first registered version
 * @param updatedAt when the cluster last reported on the type
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "clusterId", "phase", "conditions", "version", "updatedAt" })
public record WorkloadTypeStatus(String clusterId, String phase,
        @JsonInclude(JsonInclude.Include.ALWAYS) List<WorkloadTypeCondition> conditions, String version,
        Instant updatedAt) {
}
