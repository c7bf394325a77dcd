package io.kindred.registry.api;

import io.kindred.registry.preview.PreviewRequest;
import io.kindred.registry.preview.PreviewResult;
import io.kindred.registry.preview.PreviewService;
import io.kindred.registry.errors.ErrorBody;
import io.kindred.registry.auth.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Kindred extension: try a Resource Interface on sample objects. Read-only, so a viewer may call it. */
@Path("/api/v1/workload-types/preview")
@Tag(name = "Workload properties")
public class PreviewResource {

    @Inject
    PreviewService service;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.VIEWER, Roles.ADMIN })
    @Operation(operationId = "preview_workload_type", summary = "Preview what an RI computes for a sample object (Kindred extension).",
            description = "Body: {resourceInterface | workloadTypeId, object, pod?, component?}. Answers the RI's validation errors "
                    + "(an invalid RI is a 200 listing them), then status, structure, pod groups and the pod's resolution.")
    @APIResponse(responseCode = "200", description = "What ri-core computes.")
    @APIResponse(responseCode = "400", description = "Malformed request.", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "Unknown workloadTypeId.", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Uni<PreviewResult> preview(PreviewRequest request) {
        return service.preview(request);
    }
}
