package io.kindred.registry.api;

import io.kindred.registry.workloads.Projects;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.kindred.registry.errors.ApiException;
import io.kindred.registry.errors.ErrorBody;
import io.kindred.registry.auth.Roles;
import io.kindred.registry.filter.FilterField;
import io.kindred.registry.filter.FilterParser;
import io.kindred.registry.filter.Paging;
import io.kindred.registry.filter.QueryParams;
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
import java.util.function.Predicate;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Run:ai's project listing ({@code /api/v1/org-unit/projects}) for the projects of the configuration: what a
 * Workloads V2 client needs to find a projectId, its namespace and cluster. Kindred manages no quotas: resources are
 * empty and the project is always Ready.
 */
@Path("/api/v1/org-unit/projects")
@Tag(name = "Projects")
@Produces(MediaType.APPLICATION_JSON)
public class ProjectsResource {

    static final FilterParser<Projects.Project> FILTERS = new FilterParser<>(
            FilterField.text("name", Projects.Project::name),
            FilterField.text("clusterId", Projects.Project::clusterId),
            FilterField.text("departmentId", Projects.Project::departmentId),
            FilterField.text("parentId", Projects.Project::departmentId));

    /** Run:ai's {@code Project}, with what Kindred knows. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Project(String id, String name, String clusterId, String parentId, String requestedNamespace,
            String description, boolean enforceRunaiScheduler, Status status, Map<String, Object> totalResources,
            Map<String, Object> effective, List<Object> resources, Instant createdAt, Instant updatedAt,
            String createdBy, String updatedBy) {
    }

    /** Run:ai's {@code ProjectStatus}. */
    public record Status(String namespace, String phase) {
    }

    /** Answer of the list. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProjectList(List<Project> projects, Integer next) {
    }

    @Inject
    Projects projects;

    @GET
    @RolesAllowed({ Roles.VIEWER, Roles.RESEARCHER, Roles.ADMIN })
    @Operation(operationId = "get_projects", summary = "List the projects workloads can be submitted to.")
    @APIResponse(responseCode = "200", description = "ok")
    @APIResponse(responseCode = "400", description = "Bad filterBy, sortBy or paging.", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public ProjectList list(@RestQuery List<String> filterBy, @RestQuery String sortBy, @RestQuery String sortOrder,
            @RestQuery String offset, @RestQuery String limit, @RestQuery String search) {
        Predicate<Projects.Project> filter = FILTERS.parse(filterBy);
        Paging paging = Paging.of(offset, limit);
        Comparator<Projects.Project> order = switch (sortBy == null || sortBy.isEmpty() ? "name" : sortBy) {
            case "name" -> Comparator.comparing(Projects.Project::name);
            case "clusterId" -> Comparator.comparing(Projects.Project::clusterId).thenComparing(Projects.Project::name);
            default -> throw ApiException.badRequest("Invalid sortBy '" + sortBy + "': Kindred sorts projects by name, clusterId");
        };
        if (QueryParams.sortOrderDescending(sortOrder)) {
            order = order.reversed();
        }
        String text = search == null || search.isBlank() ? null : search.toLowerCase(Locale.ROOT);
        List<Projects.Project> matching = projects.all().stream().filter(filter)
                .filter(project -> text == null || project.name().contains(text))
                .sorted(order).toList();
        return new ProjectList(paging.page(matching).stream().map(ProjectsResource::toApi).toList(),
                paging.next(matching.size()));
    }

    @GET
    @Path("{projectId}")
    @RolesAllowed({ Roles.VIEWER, Roles.RESEARCHER, Roles.ADMIN })
    @Operation(operationId = "get_project", summary = "Get a project.")
    @APIResponse(responseCode = "200", description = "ok")
    @APIResponse(responseCode = "404", description = "Not found.", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Project get(@RestPath String projectId) {
        return projects.byId(projectId).map(ProjectsResource::toApi)
                .orElseThrow(() -> ApiException.notFound("Project " + projectId + " not found"));
    }

    private static Project toApi(Projects.Project project) {
        return new Project(project.id(), project.name(), project.clusterId(), project.departmentId(),
                project.namespace(), "", false, new Status(project.namespace(), "Ready"), Map.of(), Map.of(),
                List.of(), project.since(), project.since(), "system", "system");
    }
}
