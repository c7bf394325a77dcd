package io.kindred.registry.api;

import io.kindred.registry.errors.ErrorBody;
import io.kindred.registry.errors.Uuids;
import io.kindred.registry.workloads.WorkloadMapper;
import io.kindred.registry.workloads.WorkloadQuery;
import io.kindred.registry.workloads.WorkloadService;
import io.kindred.registry.workloads.WorkloadV1Api;
import io.kindred.registry.auth.Roles;
import io.kindred.registry.filter.Paging;
import io.kindred.registry.filter.QueryParams;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Run:ai's Workloads v1 list and get, for the workloads submitted through Workloads V2 ({@code sourceApi:
 * WorkloadsV2}), with their phase. A list is one database query ({@link WorkloadQuery}).
 */
@Path("/api/v1/workloads")
@Tag(name = "Workloads")
@Produces(MediaType.APPLICATION_JSON)
public class WorkloadsV1Resource {

    @Inject
    WorkloadService service;

    @Inject
    WorkloadMapper mapper;

    @GET
    @RolesAllowed({ Roles.VIEWER, Roles.RESEARCHER, Roles.ADMIN })
    @Operation(operationId = "get_workloads", summary = "List workloads (those submitted through Workloads V2).")
    @APIResponse(responseCode = "200", description = "Executed successfully.")
    @APIResponse(responseCode = "400", description = "Bad paging, filterBy or sortBy.", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Uni<WorkloadV1Api.WorkloadList> list(@RestQuery String deleted, @RestQuery String offset,
            @RestQuery String limit, @RestQuery String sortOrder, @RestQuery String sortBy,
            @RestQuery List<String> filterBy, @RestQuery String search) {
        boolean onlyDeleted = QueryParams.booleanParam("deleted", deleted, false);
        Paging paging = Paging.of(offset, limit);
        WorkloadQuery query = WorkloadQuery.of(onlyDeleted, filterBy, search, sortBy,
                QueryParams.sortOrderDescending(sortOrder), paging.offset(), paging.limit());
        return service.list(query).map(page -> new WorkloadV1Api.WorkloadList(page.next(),
                page.items().stream().map(mapper::toV1).toList()));
    }

    @GET
    @Path("{workloadId}")
    @RolesAllowed({ Roles.VIEWER, Roles.RESEARCHER, Roles.ADMIN })
    @Operation(operationId = "get_workload", summary = "Get a workload with its phase.")
    @APIResponse(responseCode = "200", description = "Executed successfully.")
    @APIResponse(responseCode = "404", description = "Not found.", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Uni<WorkloadV1Api.Workload> get(@RestPath String workloadId) {
        return service.get(Uuids.require(workloadId, "workloadId")).map(mapper::toV1);
    }
}
