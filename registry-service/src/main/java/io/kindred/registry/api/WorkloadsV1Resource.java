package io.kindred.registry.api;

import io.kindred.registry.workloads.WorkloadMapper;
import io.kindred.registry.workloads.WorkloadService;
import io.kindred.registry.workloads.WorkloadV1Api;
import io.kindred.registry.errors.ApiException;
import io.kindred.registry.errors.ErrorBody;
import io.kindred.registry.errors.Uuids;
import io.kindred.registry.auth.Roles;
import io.kindred.registry.filter.FilterField;
import io.kindred.registry.filter.FilterParser;
import io.kindred.registry.filter.Paging;
import io.kindred.registry.filter.QueryParams;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Run:ai's Workloads v1 list and get, for the workloads submitted through Workloads V2 ({@code sourceApi:
 * WorkloadsV2}), with their phase. Lists are filtered, sorted and paged in memory after one query.
 */
@Path("/api/v1/workloads")
@Tag(name = "Workloads")
@Produces(MediaType.APPLICATION_JSON)
public class WorkloadsV1Resource {

    static final FilterParser<WorkloadV1Api.Workload> FILTERS = new FilterParser<>(
            FilterField.text("type", WorkloadV1Api.Workload::type),
            FilterField.text("name", WorkloadV1Api.Workload::name),
            FilterField.text("clusterId", WorkloadV1Api.Workload::clusterId),
            FilterField.text("projectId", WorkloadV1Api.Workload::projectId),
            FilterField.text("projectName", WorkloadV1Api.Workload::projectName),
            FilterField.text("departmentId", WorkloadV1Api.Workload::departmentId),
            FilterField.text("departmentName", WorkloadV1Api.Workload::departmentName),
            FilterField.text("submittedBy", WorkloadV1Api.Workload::submittedBy),
            FilterField.text("phase", WorkloadV1Api.Workload::phase),
            FilterField.text("category", WorkloadV1Api.Workload::category),
            FilterField.text("priorityClassName", WorkloadV1Api.Workload::priorityClassName),
            FilterField.number("priority", workload -> workload.priority() == null ? 0 : workload.priority()));

    private static final Map<String, Comparator<WorkloadV1Api.Workload>> SORTS = Map.ofEntries(
            text("type", WorkloadV1Api.Workload::type),
            text("name", WorkloadV1Api.Workload::name),
            text("clusterId", WorkloadV1Api.Workload::clusterId),
            text("projectId", WorkloadV1Api.Workload::projectId),
            text("projectName", WorkloadV1Api.Workload::projectName),
            text("departmentId", WorkloadV1Api.Workload::departmentId),
            text("departmentName", WorkloadV1Api.Workload::departmentName),
            text("submittedBy", WorkloadV1Api.Workload::submittedBy),
            text("phase", WorkloadV1Api.Workload::phase),
            text("category", WorkloadV1Api.Workload::category),
            text("priorityClassName", WorkloadV1Api.Workload::priorityClassName),
            time("createdAt", WorkloadV1Api.Workload::createdAt),
            time("deletedAt", WorkloadV1Api.Workload::deletedAt),
            time("completedAt", WorkloadV1Api.Workload::completedAt),
            time("phaseUpdatedAt", WorkloadV1Api.Workload::phaseUpdatedAt),
            Map.entry("priority", Comparator.comparing(WorkloadV1Api.Workload::priority,
                    Comparator.nullsFirst(Comparator.naturalOrder()))));

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
        Comparator<WorkloadV1Api.Workload> order = sort(sortBy, QueryParams.sortOrderDescending(sortOrder));
        Predicate<WorkloadV1Api.Workload> filter = FILTERS.parse(filterBy);
        String text = search == null || search.isBlank() ? null : search.toLowerCase(Locale.ROOT);
        return service.list().map(all -> {
            List<WorkloadV1Api.Workload> matching = all.stream()
                    .filter(workload -> WorkloadService.DELETED.equals(workload.desiredPhase) == onlyDeleted)
                    .map(mapper::toV1)
                    .filter(filter)
                    .filter(workload -> text == null || workload.name().toLowerCase(Locale.ROOT).contains(text))
                    .sorted(order)
                    .toList();
            return new WorkloadV1Api.WorkloadList(paging.next(matching.size()), paging.page(matching));
        });
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

    private static Comparator<WorkloadV1Api.Workload> sort(String sortBy, boolean descending) {
        String field = sortBy == null || sortBy.isEmpty() ? "createdAt" : sortBy;
        Comparator<WorkloadV1Api.Workload> comparator = SORTS.get(field);
        if (comparator == null) {
            throw ApiException.badRequest("Invalid sortBy '" + sortBy + "': Kindred sorts workloads by "
                    + String.join(", ", SORTS.keySet().stream().sorted().toList()));
        }
        comparator = comparator.thenComparing(WorkloadV1Api.Workload::id);
        return descending ? comparator.reversed() : comparator;
    }

    private static Map.Entry<String, Comparator<WorkloadV1Api.Workload>> text(String name,
            Function<WorkloadV1Api.Workload, String> field) {
        return Map.entry(name, Comparator.comparing(field, Comparator.nullsFirst(Comparator.naturalOrder())));
    }

    private static Map.Entry<String, Comparator<WorkloadV1Api.Workload>> time(String name,
            Function<WorkloadV1Api.Workload, Instant> field) {
        return Map.entry(name, Comparator.comparing(field, Comparator.nullsFirst(Comparator.naturalOrder())));
    }
}
