package io.kindred.registry.api;

import io.kindred.registry.errors.ApiException;
import io.kindred.registry.errors.ErrorBody;
import io.kindred.registry.errors.Uuids;
import io.kindred.registry.auth.Roles;
import io.kindred.registry.workloadproperties.WorkloadProperties;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** Run:ai's workload categories (read-only: Build, Train, Deploy), served from memory. */
@Path("/api/v1/workload-categories")
@Tag(name = "Workload properties")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.VIEWER, Roles.ADMIN })
@NonBlocking // answered from memory: no need to leave the event loop
public class WorkloadCategoriesResource {

    @Inject
    WorkloadProperties properties;

    @GET
    @Operation(operationId = "list_categories", summary = "List workload categories.")
    public WorkloadCategoryList list() {
        return new WorkloadCategoryList(properties.categories().stream().map(WorkloadCategoriesResource::toDto).toList());
    }

    @GET
    @Path("{categoryId}")
    @Operation(operationId = "get_category_by_id", summary = "Get a workload category.")
    @APIResponse(responseCode = "200", description = "Executed successfully.")
    @APIResponse(responseCode = "400", description = "Malformed id.", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "Not found.", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public WorkloadCategory get(@RestPath String categoryId) {
        UUID id = Uuids.require(categoryId, "categoryId");
        return properties.category(id).map(WorkloadCategoriesResource::toDto)
                .orElseThrow(() -> ApiException.notFound("Workload category " + id + " not found."));
    }

    static WorkloadCategory toDto(WorkloadProperties.Category category) {
        return new WorkloadCategory(category.id().toString(), category.name(), category.description(), category.createdAt(),
                category.createdBy());
    }
}
