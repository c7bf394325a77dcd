package io.kindred.devstack.kubernetes;

import java.util.ArrayList;
import java.util.List;

/**
 * The built-in resources the mock API server announces in discovery: the ones the workload catalog, the services and
 * a person with kubectl use. The CRUD store accepts any path, so listing a resource here is all it takes to make
 * kubectl and fabric8's discovery-driven clients (kind → plural) work with it.
 */
final class BuiltinResources {

    private static final List<String> STATUS = List.of("status");
    private static final List<String> STATUS_AND_SCALE = List.of("status", "scale");
    private static final List<String> NONE = List.of();
    private static final List<String> ALL = List.of("all");

    static final List<ApiResource> RESOURCES = build();

    private BuiltinResources() {
    }

    private static List<ApiResource> build() {
        List<ApiResource> resources = new ArrayList<>();
        // core v1
        add(resources, "", "v1", "Pod", "pods", true, List.of("po"), ALL, STATUS);
        add(resources, "", "v1", "Service", "services", true, List.of("svc"), ALL, STATUS);
        add(resources, "", "v1", "Namespace", "namespaces", false, List.of("ns"), NONE, STATUS);
        add(resources, "", "v1", "Event", "events", true, List.of("ev"), NONE, NONE);
        add(resources, "", "v1", "ConfigMap", "configmaps", true, List.of("cm"), NONE, NONE);
        add(resources, "", "v1", "Secret", "secrets", true, NONE, NONE, NONE);
        add(resources, "", "v1", "ServiceAccount", "serviceaccounts", true, List.of("sa"), NONE, NONE);
        add(resources, "", "v1", "Node", "nodes", false, List.of("no"), NONE, STATUS);
        add(resources, "", "v1", "Endpoints", "endpoints", true, List.of("ep"), NONE, NONE);
        add(resources, "", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true, List.of("pvc"), NONE,
                STATUS);
        add(resources, "", "v1", "PersistentVolume", "persistentvolumes", false, List.of("pv"), NONE, STATUS);
        add(resources, "", "v1", "ReplicationController", "replicationcontrollers", true, List.of("rc"), ALL,
                STATUS_AND_SCALE);
        add(resources, "", "v1", "ResourceQuota", "resourcequotas", true, List.of("quota"), NONE, STATUS);
        add(resources, "", "v1", "LimitRange", "limitranges", true, List.of("limits"), NONE, NONE);
        // apps, batch, autoscaling
        add(resources, "apps", "v1", "Deployment", "deployments", true, List.of("deploy"), ALL, STATUS_AND_SCALE);
        add(resources, "apps", "v1", "StatefulSet", "statefulsets", true, List.of("sts"), ALL, STATUS_AND_SCALE);
        add(resources, "apps", "v1", "ReplicaSet", "replicasets", true, List.of("rs"), ALL, STATUS_AND_SCALE);
        add(resources, "apps", "v1", "DaemonSet", "daemonsets", true, List.of("ds"), ALL, STATUS);
        add(resources, "apps", "v1", "ControllerRevision", "controllerrevisions", true, NONE, NONE, NONE);
        add(resources, "batch", "v1", "Job", "jobs", true, NONE, ALL, STATUS);
        add(resources, "batch", "v1", "CronJob", "cronjobs", true, List.of("cj"), ALL, STATUS);
        add(resources, "autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true,
                List.of("hpa"), ALL, STATUS);
        // what the services and their manifests touch
        add(resources, "events.k8s.io", "v1", "Event", "events", true, List.of("ev"), NONE, NONE);
        add(resources, "coordination.k8s.io", "v1", "Lease", "leases", true, NONE, NONE, NONE);
        add(resources, "policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true, List.of("pdb"), NONE,
                STATUS);
        add(resources, "scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses", false, List.of("pc"), NONE,
                NONE);
        add(resources, "networking.k8s.io", "v1", "Ingress", "ingresses", true, List.of("ing"), NONE, STATUS);
        add(resources, "networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true, List.of("netpol"), NONE,
                NONE);
        add(resources, "rbac.authorization.k8s.io", "v1", "Role", "roles", true, NONE, NONE, NONE);
        add(resources, "rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true, NONE, NONE, NONE);
        add(resources, "rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false, NONE, NONE, NONE);
        add(resources, "rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false, NONE,
                NONE, NONE);
        add(resources, "admissionregistration.k8s.io", "v1", "MutatingWebhookConfiguration",
                "mutatingwebhookconfigurations", false, NONE, NONE, NONE);
        add(resources, "admissionregistration.k8s.io", "v1", "ValidatingWebhookConfiguration",
                "validatingwebhookconfigurations", false, NONE, NONE, NONE);
        add(resources, "apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false,
                List.of("crd", "crds"), List.of("api-extensions"), STATUS);
        return List.copyOf(resources);
    }

    private static void add(List<ApiResource> resources, String group, String version, String kind, String plural,
            boolean namespaced, List<String> shortNames, List<String> categories, List<String> subresources) {
        resources.add(new ApiResource(group, version, kind, plural, kind.toLowerCase(java.util.Locale.ROOT),
                namespaced, shortNames, categories, subresources));
    }
}
