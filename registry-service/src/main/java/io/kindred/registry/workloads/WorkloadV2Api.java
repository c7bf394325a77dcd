package io.kindred.registry.workloads;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** Run:ai's Workloads V2 request and response bodies (the schemas of the same names). */
public final class WorkloadV2Api {

    private WorkloadV2Api() {
    }

    /** {@code WorkloadV2CreateRequest}: exactly one of manifest and manifestBase64Encoded. */
    public record CreateRequest(CreateMetadata metadata, JsonNode manifest, String manifestBase64Encoded) {
    }

    /** {@code WorkloadV2MetadataCreateParams}. */
    public record CreateMetadata(String name, Boolean useGivenNameAsPrefix, String projectId, String clusterId,
            String priority, String category, String preemptibility) {
    }

    /** {@code WorkloadV2UpdateRequest}: any of them; at most one of the manifests. */
    public record UpdateRequest(UpdateMetadata metadata, JsonNode manifest, String manifestBase64Encoded) {
    }

    /** {@code WorkloadV2MetadataUpdateParams}. */
    public record UpdateMetadata(String priority, String category) {
    }

    /** {@code WorkloadV2}. */
    public record Workload(Metadata metadata, String desiredPhase, JsonNode workloadManifest, JsonNode rawManifest) {
    }

    /** {@code WorkloadV2Metadata}: what was submitted plus the fields the registry fills in. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Metadata(String name, String projectId, String priority, String category, String preemptibility,
            String id, Gvk gvk, String projectName, String clusterId, int tenantId, String departmentId,
            String departmentName, Instant createdAt, String createdBy, Instant updatedAt, String updatedBy,
            Instant deletedAt, String deletedBy) {
    }

    /** {@code GVK}; the core group is {@code core}, as everywhere on this API. */
    public record Gvk(String group, String version, String kind) {
    }

    /** {@code WorkloadV2GetResponse}. */
    public record GetResponse(Workload workload, SyncInfo syncInfo) {
    }

    /** {@code WorkloadV2SyncInfo}: Queued, Applying, Deleting, Synced, Deleted or Failed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SyncInfo(String status, String message) {
    }

    /** Run:ai's {@code HttpResponse}, the answer of its suspend and resume endpoints: {@code {code, message}}. */
    public record ActionAccepted(int code, String message) {
    }
}
