package io.kindred.registry.api;

import io.kindred.registry.workloads.WorkloadEntity;
import io.kindred.registry.workloads.WorkloadMapper;
import io.kindred.registry.workloads.WorkloadService;
import io.kindred.registry.workloads.WorkloadV2Api;
import io.kindred.registry.errors.ErrorBody;
import io.kindred.registry.api.Subjects;
import io.kindred.registry.errors.Uuids;
import io.kindred.registry.auth.Roles;
import io.kindred.registry.filter.QueryParams;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

/** Run:ai's Workloads V2 endpoints: submit any registered kind; its cluster's scheduler-adapter applies it. */
@Path("/api/v2/workloads")
@Tag(name = "Workloads V2")
@Produces(MediaType.APPLICATION_JSON)
public class WorkloadsV2Resource {

    @Inject
    WorkloadService service;

    @Inject
    WorkloadMapper mapper;

    @Inject
    SecurityIdentity identity;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.RESEARCHER, Roles.ADMIN })
    @Operation(operationId = "create_workload_v2", summary = "Create a workload.",
            description = "The manifest's kind must be a registered workload type and its version one of the type's "
                    + "Resource Interface versions; the manifest is checked against that RI. dryRun=true only validates.")
    @APIResponse(responseCode = "202", description = "Workload creation request accepted.")
    @APIResponse(responseCode = "400", description = "Bad request: every problem is listed in details, at its field.",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "409", description = "A workload of this kind and name exists in the project.",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Uni<RestResponse<WorkloadV2Api.Workload>> create(
            @Parameter(description = "Validate only: nothing is stored or applied.") @RestQuery String dryRun,
            WorkloadV2Api.CreateRequest body) {
        boolean validateOnly = QueryParams.booleanParam("dryRun", dryRun, false);
        return service.create(body, Subjects.of(identity), validateOnly).map(this::accepted);
    }

    @GET
    @Path("{WorkloadV2Id}")
    @RolesAllowed({ Roles.VIEWER, Roles.RESEARCHER, Roles.ADMIN })
    @Operation(operationId = "get_workload_v2_by_id", summary = "Get a workload and its sync status.")
    @APIResponse(responseCode = "200", description = "Executed successfully.")
    @APIResponse(responseCode = "404", description = "Not found.", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Uni<WorkloadV2Api.GetResponse> get(@RestPath("WorkloadV2Id") String workloadId) {
        return service.get(Uuids.require(workloadId, "WorkloadV2Id")).map(mapper::toGetResponse);
    }

    @PUT
    @Path("{WorkloadV2Id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.RESEARCHER, Roles.ADMIN })
    @Operation(operationId = "update_workload_v2", summary = "Update a workload: priority, category and the manifest.")
    @APIResponse(responseCode = "202", description = "Workload update request accepted.")
    @APIResponse(responseCode = "400", description = "Bad request.", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "Not found.", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "409", description = "Deleted, or changed concurrently.", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Uni<RestResponse<WorkloadV2Api.Workload>> update(@RestPath("WorkloadV2Id") String workloadId,
            WorkloadV2Api.UpdateRequest body) {
        return service.update(Uuids.require(workloadId, "WorkloadV2Id"), body, Subjects.of(identity)).map(this::accepted);
    }

    @DELETE
    @Path("{WorkloadV2Id}")
    @RolesAllowed({ Roles.RESEARCHER, Roles.ADMIN })
    @Operation(operationId = "delete_workload_v2", summary = "Delete a workload: its cluster removes it and releases its gang.")
    @APIResponse(responseCode = "202", description = "Workload deletion request accepted.")
    @APIResponse(responseCode = "404", description = "Not found.", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Uni<RestResponse<WorkloadV2Api.Workload>> delete(@RestPath("WorkloadV2Id") String workloadId) {
        return service.delete(Uuids.require(workloadId, "WorkloadV2Id"), Subjects.of(identity)).map(this::accepted);
    }

    @POST
    @Path("{WorkloadV2Id}/suspend")
    @RolesAllowed({ Roles.RESEARCHER, Roles.ADMIN })
    @Operation(operationId = "suspend_workload_v2", summary = "Suspend a workload: its cluster removes its object and "
            + "releases its gang; the submission is kept (phase Stopping, then Stopped).",
            description = "Run:ai's suspend (as for trainings, workspaces and distributed workloads): 202 {code, message}."
                    + " Suspending a suspended workload changes nothing.")
    @APIResponse(responseCode = "202", description = "Accepted.")
    @APIResponse(responseCode = "404", description = "Not found.", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "409", description = "Deleted, or changed concurrently.", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Uni<RestResponse<WorkloadV2Api.ActionAccepted>> suspend(@RestPath("WorkloadV2Id") String workloadId) {
        return service.suspend(Uuids.require(workloadId, "WorkloadV2Id"), Subjects.of(identity))
                .map(workload -> actionAccepted("Workload " + workload.id + " suspend request accepted"));
    }

    @POST
    @Path("{WorkloadV2Id}/resume")
    @RolesAllowed({ Roles.RESEARCHER, Roles.ADMIN })
    @Operation(operationId = "resume_workload_v2", summary = "Resume a suspended workload: its manifest is applied again.",
            description = "Run:ai's resume: 202 {code, message}. Resuming a running workload changes nothing.")
    @APIResponse(responseCode = "202", description = "Accepted.")
    @APIResponse(responseCode = "404", description = "Not found.", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "409", description = "Deleted, or changed concurrently.", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Uni<RestResponse<WorkloadV2Api.ActionAccepted>> resume(@RestPath("WorkloadV2Id") String workloadId) {
        return service.resume(Uuids.require(workloadId, "WorkloadV2Id"), Subjects.of(identity))
                .map(workload -> actionAccepted("Workload " + workload.id + " resume request accepted"));
    }

    private static RestResponse<WorkloadV2Api.ActionAccepted> actionAccepted(String message) {
        return RestResponse.status(RestResponse.Status.ACCEPTED,
                new WorkloadV2Api.ActionAccepted(RestResponse.Status.ACCEPTED.getStatusCode(), message));
    }

    private RestResponse<WorkloadV2Api.Workload> accepted(WorkloadEntity workload) {
        return RestResponse.status(RestResponse.Status.ACCEPTED, mapper.toV2(workload));
    }
}
