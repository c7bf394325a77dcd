package io.kindred.registry.api;

import io.kindred.registry.errors.ApiException;
import io.kindred.registry.errors.ErrorBody;
import io.kindred.registry.auth.Roles;
import io.kindred.registry.workloadproperties.WorkloadProperties;
import io.kindred.registry.filter.FilterField;
import io.kindred.registry.filter.FilterParser;
import io.kindred.registry.filter.QueryParams;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

/** Run:ai's workload priorities (read-only), with its sortBy/sortOrder/filterBy. */
@Path("/api/v1/workload-priorities")
@Tag(name = "Workload properties")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.VIEWER, Roles.ADMIN })
@NonBlocking // answered from memory: no need to leave the event loop
public class WorkloadPrioritiesResource {

    static final FilterParser<WorkloadProperties.Priority> FILTERS = new FilterParser<>(
            FilterField.text("name", WorkloadProperties.Priority::name),
            FilterField.text("source", WorkloadProperties.Priority::source),
            FilterField.number("value", WorkloadProperties.Priority::value));

    private static final Map<String, Comparator<WorkloadProperties.Priority>> SORTS = Map.of(
            "name", Comparator.comparing(WorkloadProperties.Priority::name),
            "value", Comparator.comparingInt(WorkloadProperties.Priority::value),
            "source", Comparator.comparing((WorkloadProperties.Priority p) -> p.source() == null ? "" : p.source())
                    .thenComparingInt(WorkloadProperties.Priority::value));

    @Inject
    WorkloadProperties properties;

    @GET
    @Operation(operationId = "get_workload_priorities", summary = "Get workload priorities.",
            description = "sortBy name|value|source (default value), sortOrder asc|desc, filterBy on name, source, value.")
    @APIResponse(responseCode = "200", description = "Request completed successfully.")
    @APIResponse(responseCode = "400", description = "Bad request.", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public WorkloadPriorityList list(@RestQuery String sortBy, @RestQuery String sortOrder, @RestQuery List<String> filterBy) {
        Comparator<WorkloadProperties.Priority> order = SORTS.get(sortBy == null || sortBy.isEmpty() ? "value" : sortBy);
        if (order == null) {
            throw ApiException.badRequest("Invalid sortBy '" + sortBy + "': expected name, value or source");
        }
        if (QueryParams.sortOrderDescending(sortOrder)) {
            order = order.reversed();
        }
        return new WorkloadPriorityList(properties.priorities().stream()
                .filter(FILTERS.parse(filterBy))
                .sorted(order)
                .map(p -> new WorkloadPriority(p.id().toString(), p.name(), p.value(), p.source(), p.createdAt(), p.updatedAt()))
                .toList());
    }
}
