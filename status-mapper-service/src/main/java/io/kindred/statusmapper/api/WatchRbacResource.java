package io.kindred.statusmapper.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.KubernetesListBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kindred.statusmapper.StatusMapperEngine;
import io.kindred.statusmapper.watch.WatchStatus;

/**
 * Renders the RBAC the service needs for the kinds registered right now: one ClusterRole per workload type with
 * get/list/watch on its resources (plus one reading CustomResourceDefinitions), labelled so the aggregated ClusterRole {@code kindred-status-mapper} (see
 * deploy/kubernetes/base/status-mapper-service/rbac.yaml) picks them up. An operator pipes it into
 * {@code kubectl apply --prune -l kindred.io/aggregate-to-status-mapper=true -f -} after registering or deleting a
 * type, which keeps the service's permissions exactly in step with the registry.
 */
@Path("/rbac")
public class WatchRbacResource {

    public static final String AGGREGATION_LABEL = "kindred.io/aggregate-to-status-mapper";

    @Inject
    StatusMapperEngine engine;

    @Inject
    KubernetesClient client;

    @GET
    @Path("/cluster-roles")
    @Produces("application/yaml")
    @Operation(summary = "ClusterRoles granting get/list/watch on every registered kind whose resource is known",
            description = "A kind whose CRD is not installed yet has no known resource name; it is listed in the"
                    + " X-Kindred-Unresolved-Kinds header and appears here once its CRD is installed.")
    public Response clusterRoles() {
        Map<String, List<WatchStatus>> byType = new TreeMap<>();
        List<String> unresolved = new ArrayList<>();
        for (WatchStatus watch : engine.watches()) {
            if (watch.plural() == null) {
                unresolved.add(watch.gvk());
            } else {
                byType.computeIfAbsent(watch.typeName(), t -> new ArrayList<>()).add(watch);
            }
        }
        List<HasMetadata> roles = new ArrayList<>();
        roles.add(crdReader());
        byType.forEach((type, watches) -> roles.add(roleFor(type, watches)));
        KubernetesList list = new KubernetesListBuilder().addAllToItems(roles).build();
        Response.ResponseBuilder response = Response.ok(client.getKubernetesSerialization().asYaml(list));
        if (!unresolved.isEmpty()) {
            response.header("X-Kindred-Unresolved-Kinds", String.join(",", unresolved));
        }
        return response.build();
    }

    /**
     * Read access to CustomResourceDefinitions, so that a kind whose CRD is installed later is watched at once. Always
     * rendered: it carries the aggregation label, and {@code kubectl apply --prune} would otherwise remove it.
     */
    static ClusterRole crdReader() {
        return new ClusterRoleBuilder()
                .withNewMetadata()
                .withName("kindred-status-mapper-watch-customresourcedefinitions")
                .addToLabels(AGGREGATION_LABEL, "true")
                .addToLabels("app.kubernetes.io/managed-by", "kindred-status-mapper-service")
                .endMetadata()
                .addToRules(new PolicyRuleBuilder()
                        .withApiGroups("apiextensions.k8s.io")
                        .withResources("customresourcedefinitions")
                        .withVerbs("get", "list", "watch")
                        .build())
                .build();
    }

    static ClusterRole roleFor(String type, List<WatchStatus> watches) {
        String group = watches.get(0).group();
        List<String> resources = watches.stream().map(WatchStatus::plural).distinct().sorted().toList();
        return new ClusterRoleBuilder()
                .withNewMetadata()
                .withName("kindred-status-mapper-watch-" + type.toLowerCase(Locale.ROOT)
                        + (group.isEmpty() ? "" : "-" + group.replace('.', '-')))
                .addToLabels(AGGREGATION_LABEL, "true")
                .addToLabels("app.kubernetes.io/managed-by", "kindred-status-mapper-service")
                .endMetadata()
                .addToRules(new PolicyRuleBuilder()
                        .withApiGroups(group)
                        .withResources(resources)
                        .withVerbs("get", "list", "watch")
                        .build())
                .build();
    }
}
