package io.kindred.stack;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.fabric8.kubernetes.api.Pluralize;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kindred.ri.catalog.BuiltinCatalog;
import io.kindred.ri.catalog.CatalogEntry;
import io.kindred.ri.catalog.CatalogVersion;

/**
 * CustomResourceDefinitions for a local cluster: one per kind of the built-in catalog that the API server does not
 * already serve (core, apps and batch kinds are built in), with every catalog version, and the PodGroup kinds of the
 * three gang backends. The schemas are minimal ({@code x-kubernetes-preserve-unknown-fields}) with a status
 * subresource, as the operators' own CRDs have; that is all the services need to watch and write the kinds.
 */
public final class CatalogCrds {

    /** {group, version, kind} of the PodGroups scheduler-adapter writes: KAI, Volcano, coscheduling. */
    static final List<String[]> POD_GROUPS = List.of(
            new String[] {"scheduling.run.ai", "v2alpha2", "PodGroup"},
            new String[] {"scheduling.volcano.sh", "v1beta1", "PodGroup"},
            new String[] {"scheduling.x-k8s.io", "v1alpha1", "PodGroup"});

    private CatalogCrds() {
    }

    /** The CRDs the catalog and the backends need that {@code client}'s server does not serve yet. */
    public static List<CustomResourceDefinition> missing(KubernetesClient client) {
        Map<String, List<String>> versionsByKind = new LinkedHashMap<>(); // "group/Kind" -> versions
        for (CatalogEntry entry : BuiltinCatalog.load()) {
            for (CatalogVersion version : entry.versions()) {
                versionsByKind.computeIfAbsent(entry.group() + "/" + entry.name(), k -> new ArrayList<>())
                        .add(version.version());
            }
        }
        for (String[] podGroup : POD_GROUPS) {
            versionsByKind.computeIfAbsent(podGroup[0] + "/" + podGroup[2], k -> new ArrayList<>()).add(podGroup[1]);
        }
        List<CustomResourceDefinition> crds = new ArrayList<>();
        versionsByKind.forEach((groupKind, versions) -> {
            int slash = groupKind.lastIndexOf('/');
            String group = groupKind.substring(0, slash);
            String kind = groupKind.substring(slash + 1);
            if (group.isEmpty() || versions.stream().allMatch(v -> served(client, group, v, kind))) {
                return; // the core group has no CRDs; built-in kinds are served already
            }
            crds.add(crd(group, kind, versions));
        });
        return crds;
    }

    /** Creates each CRD, or updates it when one of that name exists. */
    public static void install(KubernetesClient client, List<CustomResourceDefinition> crds) {
        for (CustomResourceDefinition crd : crds) {
            client.apiextensions().v1().customResourceDefinitions().resource(crd)
                    .createOr(existing -> existing.patch(PatchContext.of(PatchType.JSON_MERGE), crd));
        }
    }

    /** A namespaced CRD with these versions (the highest-priority one stored), minimal schemas and a status subresource. */
    public static CustomResourceDefinition crd(String group, String kind, List<String> versions) {
        String plural = Pluralize.toPlural(kind.toLowerCase(Locale.ROOT));
        List<String> ordered = versions.stream().distinct().sorted(Comparator.comparing(CatalogCrds::priority))
                .toList();
        List<CustomResourceDefinitionVersion> crdVersions = new ArrayList<>();
        for (String version : ordered) {
            crdVersions.add(new CustomResourceDefinitionVersionBuilder().withName(version).withServed(true)
                    .withStorage(version.equals(ordered.get(0)))
                    .withNewSubresources().withNewStatus().endStatus().endSubresources()
                    .withNewSchema().withNewOpenAPIV3Schema().withType("object")
                    .withXKubernetesPreserveUnknownFields(true).endOpenAPIV3Schema().endSchema().build());
        }
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName(plural + "." + group)
                .addToLabels("app.kubernetes.io/managed-by", "kindred-stack").endMetadata()
                .withNewSpec().withGroup(group).withScope("Namespaced")
                .withNewNames().withKind(kind).withPlural(plural).withSingular(kind.toLowerCase(Locale.ROOT))
                .withListKind(kind + "List").endNames()
                .withVersions(crdVersions).endSpec().build();
    }

    /** Sort key: GA before beta before alpha, higher numbers first. */
    private static String priority(String version) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("v(\\d+)(?:(alpha|beta)(\\d+))?").matcher(version);
        if (!m.matches()) {
            return "9" + version;
        }
        int stage = m.group(2) == null ? 0 : ("beta".equals(m.group(2)) ? 1 : 2);
        int major = 999 - Integer.parseInt(m.group(1));
        int minor = m.group(3) == null ? 999 : 999 - Integer.parseInt(m.group(3));
        return String.format("%d%03d%03d", stage, major, minor);
    }

    private static boolean served(KubernetesClient client, String group, String version, String kind) {
        try {
            APIResourceList resources = client.getApiResources(group + "/" + version);
            return resources != null && resources.getResources().stream()
                    .anyMatch(resource -> kind.equals(resource.getKind()) && !resource.getName().contains("/"));
        } catch (KubernetesClientException e) {
            return false;
        }
    }
}
