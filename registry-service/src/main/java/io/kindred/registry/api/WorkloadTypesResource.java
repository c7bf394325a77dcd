package io.kindred.registry.api;

import io.kindred.registry.errors.ApiException;
import io.kindred.registry.errors.ErrorBody;
import io.kindred.registry.errors.Uuids;
import io.kindred.registry.workloadtypes.WorkloadTypeCreateFields;
import io.kindred.registry.workloadtypes.WorkloadTypeUpdateFields;
import io.kindred.registry.auth.Roles;
import io.kindred.registry.filter.FilterField;
import io.kindred.registry.filter.FilterParser;
import io.kindred.registry.filter.QueryParams;
import io.kindred.registry.workloadtypes.WorkloadTypeService;
import io.kindred.registry.persistence.WorkloadTypeEntity;
import io.kindred.registry.workloadtypes.ApiGroups;
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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

/** Run:ai's workload types endpoints ({@code /api/v1/workload-types}), plus an on-demand republish. */
@Path("/api/v1/workload-types")
@Tag(name = "Workload properties")
@Produces(MediaType.APPLICATION_JSON)
// Malformed parameters throw ApiException straight from the methods: the exception mappers answer it the same way
// whether a method returns a Uni or a value.
public class WorkloadTypesResource {

    static final FilterParser<WorkloadTypeEntity> FILTERS = new FilterParser<>(
            FilterField.text("name", (WorkloadTypeEntity type) -> type.name),
            FilterField.text("group", (WorkloadTypeEntity type) -> ApiGroups.toApi(type.group)));

    /** Answer of POST /api/v1/workload-types/republish. */
    public record RepublishResult(int enqueued) {
    }

    @Inject
    WorkloadTypeService service;

    @Inject
    WorkloadTypeMapper mapper;

    @Inject
    SecurityIdentity identity;

    @GET
    @RolesAllowed({ Roles.VIEWER, Roles.ADMIN })
    @Operation(operationId = "list_workload_types", summary = "List workload types.")
    @APIResponse(responseCode = "200", description = "List of types retrieved successfully")
    @APIResponse(responseCode = "400", description = "Bad request.", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Uni<WorkloadTypeList> list(
            @Parameter(description = "Filters such as name==PyTorchJob or group=@kubeflow; repeat the parameter or join with commas (AND).")
            @RestQuery List<String> filterBy,
            @Parameter(description = "Only types registered by administrators (not the built-ins).")
            @RestQuery String externalTypesOnly) {
        Predicate<WorkloadTypeEntity> filter = FILTERS.parse(filterBy);
        boolean externalOnly = QueryParams.booleanParam("externalTypesOnly", externalTypesOnly, false);
        return service.list().map(types -> new WorkloadTypeList(types.stream()
                .filter(type -> !externalOnly || !type.builtin)
                .filter(filter)
                .map(mapper::toConfig)
                .toList()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "create_workload_type", summary = "Create a workload type.")
    @APIResponse(responseCode = "201", description = "Created. ri-core's warnings on the Resource Interfaces (accepted, but "
            + "stricter than the reference) come as Warning headers: 299 - \"<path>: <message>\".")
    @APIResponse(responseCode = "400", description = "Bad request: every problem is listed in details.", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "409", description = "A workload type with this name already exists.", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Uni<RestResponse<WorkloadTypeConfig>> create(WorkloadTypeCreateFields body) {
        return service.create(body, Subjects.of(identity))
                .map(written -> RiWarnings.attach(
                        RestResponse.ResponseBuilder.<WorkloadTypeConfig>created(URI.create("/api/v1/workload-types/" + written.type().id))
                                .entity(mapper.toConfig(written.type()))
                                .header(HttpHeaders.ETAG, WorkloadTypeMapper.etag(written.type()))
                                .build(),
                        written.warnings(), "workload type " + written.type().name));
    }

    @GET
    @Path("{workloadTypeId}")
    @RolesAllowed({ Roles.VIEWER, Roles.ADMIN })
    @Operation(operationId = "get_workload_type", summary = "Get a workload type.")
    @APIResponse(responseCode = "200", description = "Executed successfully.")
    @APIResponse(responseCode = "404", description = "Not found.", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Uni<RestResponse<WorkloadTypeConfig>> get(@RestPath String workloadTypeId) {
        return service.get(Uuids.require(workloadTypeId, "workloadTypeId")).map(this::withEtag);
    }

    @PUT
    @Path("{workloadTypeId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "update_workload_type", summary = "Update a workload type (partial: absent fields are unchanged).",
            description = "categoryId, priorityId, preemptibility and resourceInterfaces. resourceInterfaces replaces the list of "
                    + "versions: versions may be added or removed, an existing version's Resource Interface must stay identical. "
                    + "Optional If-Match with the ETag of a previous read makes the update conditional.")
    @APIResponse(responseCode = "200", description = "Executed successfully.")
    @APIResponse(responseCode = "400", description = "Bad request.", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "Not found.", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "409", description = "Changed concurrently.", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Uni<RestResponse<WorkloadTypeConfig>> update(@RestPath String workloadTypeId,
            @Parameter(in = ParameterIn.HEADER, name = "If-Match") @RestHeader("If-Match") String ifMatch,
            WorkloadTypeUpdateFields body) {
        UUID id = Uuids.require(workloadTypeId, "workloadTypeId");
        Long expectedVersion = Preconditions.expectedVersion(ifMatch);
        return service.update(id, body, Subjects.of(identity), expectedVersion)
                .map(written -> RiWarnings.attach(withEtag(written.type()), written.warnings(),
                        "workload type " + written.type().name));
    }

    @DELETE
    @Path("{workloadTypeId}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "delete_workload_type", summary = "Delete a workload type.")
    @APIResponse(responseCode = "204", description = "No Content.")
    @APIResponse(responseCode = "404", description = "Not found.", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Uni<RestResponse<Void>> delete(@RestPath String workloadTypeId,
            @Parameter(in = ParameterIn.HEADER, name = "If-Match") @RestHeader("If-Match") String ifMatch) {
        UUID id = Uuids.require(workloadTypeId, "workloadTypeId");
        Long expectedVersion = Preconditions.expectedVersion(ifMatch);
        return service.delete(id, expectedVersion, Subjects.of(identity)).map(ignored -> RestResponse.noContent());
    }

    @POST
    @Path("republish")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "republish_workload_types", summary = "Publish every workload type again (Kindred extension).",
            description = "Enqueues a SNAPSHOT event per type at its current revision, so a new consumer of the compacted "
                    + "workload-types topic sees every type. Consumers that already applied that revision ignore it.")
    @APIResponse(responseCode = "202", description = "Enqueued; the outbox relay publishes them.")
    public Uni<RestResponse<RepublishResult>> republish() {
        return service.enqueueSnapshot().map(count -> RestResponse.status(RestResponse.Status.ACCEPTED, new RepublishResult(count)));
    }

    private RestResponse<WorkloadTypeConfig> withEtag(WorkloadTypeEntity type) {
        return RestResponse.ResponseBuilder.ok(mapper.toConfig(type)).header(HttpHeaders.ETAG, WorkloadTypeMapper.etag(type)).build();
    }
}
