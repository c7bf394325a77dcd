package io.kindred.scheduleradapter.submissions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kindred.events.WorkloadSubmissionEvent;
import io.kindred.ri.CompiledResourceInterface;
import io.kindred.ri.structure.RiEvaluationException;
import io.kindred.ri.gang.ReportedScales;
import io.kindred.ri.gang.StructureSummary;
import io.kindred.ri.model.PodGroupDefinition;
import io.kindred.ri.model.PodGroupMember;
import io.kindred.ri.update.PodStamp;
import io.kindred.ri.update.StampTarget;
import io.kindred.scheduleradapter.backend.Backend;
import io.kindred.scheduleradapter.backend.PodBinding;
import io.kindred.scheduleradapter.cluster.PodGroupStore;
import io.kindred.scheduleradapter.cluster.PodGroupWriter;
import io.kindred.scheduleradapter.gang.Gang;
import io.kindred.scheduleradapter.gang.GangGroup;
import io.kindred.scheduleradapter.gang.GangKey;
import io.kindred.scheduleradapter.gang.GangPlanner;
import io.kindred.scheduleradapter.gang.PolicyResolver;
import io.kindred.scheduleradapter.gang.SchedulingPolicy;
import io.kindred.scheduleradapter.workloadtypes.RegisteredKind;
import io.kindred.scheduleradapter.workloadtypes.TypeDirectory;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Applies one Workloads V2 submission to the cluster, in the order that leaves no pod unbound:
 * <ol>
 * <li>the gang is computed from the manifest alone with ri-core (nothing exists yet) and named after the workload
 * id ({@link GangKey});</li>
 * <li>its PodGroups are written;</li>
 * <li>the binding (the backend's labels/annotations, the scheduler name, the priority class) is stamped into the
 * manifest's pod templates through the RI's own paths, with the workload-id label on the object;</li>
 * <li>the manifest is applied into the project's namespace (server-side apply, field manager
 * {@value PodGroupWriter#FIELD_MANAGER}; the devstack's mock API server has none, then create or replace);</li>
 * <li>the PodGroups get the object as owner (and its UID label, which the status path releases by).</li>
 * </ol>
 * A deletion removes the object and every PodGroup of the workload. The caller publishes the results.
 */
public final class ManifestApplier {

    private static final Logger LOG = Logger.getLogger(ManifestApplier.class);

    /** What applying a submission came to. */
    public record Outcome(boolean failed, String message, String objectUid, List<String> podGroups) {

        public static Outcome failed(String message) {
            return new Outcome(true, message, null, List.of());
        }
    }

    /** A refusal that is the submission's fault (not the API server's availability): reported, never retried. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    private final KubernetesClient client;
    private final TypeDirectory types;
    private final GangPlanner planner;
    private final PolicyResolver policies;
    private final Backend backend;
    private final PodGroupWriter writer;
    /** Stamped into pod templates; null = leave the manifest's own. */
    private final String schedulerName;

    public ManifestApplier(KubernetesClient client, TypeDirectory types, GangPlanner planner, PolicyResolver policies,
            Backend backend, PodGroupWriter writer, String schedulerName) {
        this.client = client;
        this.types = types;
        this.planner = planner;
        this.policies = policies;
        this.backend = backend;
        this.writer = writer;
        this.schedulerName = schedulerName;
    }

    /**
     * Creates or updates the workload.
     *
     * @throws KubernetesClientException when the API server cannot be reached or is overloaded: the caller retries
     */
    public Outcome apply(WorkloadSubmissionEvent submission) {
        try {
            return applyOrRefuse(submission);
        } catch (Refused e) {
            return Outcome.failed(e.getMessage());
        } catch (KubernetesClientException e) {
            if (isRefusal(e)) {
                return Outcome.failed(apiMessage(e));
            }
            throw e;
        }
    }

    private Outcome applyOrRefuse(WorkloadSubmissionEvent submission) {
        RegisteredKind registered = types.kind(submission.getGroup(), submission.getVersion(), submission.getKind());
        if (registered == null) {
            throw new Refused("workload type " + submission.getKind() + " has no Resource Interface for version "
                    + submission.getVersion() + " in the adapter's type table");
        }
        ObjectNode manifest = parse(submission);
        ObjectNode metadata = manifest.with("metadata");
        metadata.put("name", submission.getName());
        metadata.put("namespace", submission.getProject().getNamespace());
        metadata.with("labels").put(GangKey.WORKLOAD_ID_LABEL, submission.getWorkloadId());
        CompiledResourceInterface ri = registered.ri();
        String workloadId = submission.getWorkloadId();

        SchedulingPolicy resolved = policies.resolve(ri, manifest,
                new PolicyResolver.TypeDefaults(submission.getPriority(), submission.getPreemptibility()));
        String queue = submission.getProject().getQueue();
        SchedulingPolicy policy = new SchedulingPolicy(queue != null ? queue : resolved.queue(),
                resolved.priorityClassName(), resolved.preemptibility());
        Gang gang;
        try {
            gang = planner.plan(ri, ReportedScales.of(ri.structure(manifest)), workloadId, policy);
        } catch (RiEvaluationException e) {
            throw new Refused("the gang cannot be computed from the manifest: " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        gang.groups().forEach(group -> problems.addAll(backend.problems(group)));
        if (!problems.isEmpty()) {
            throw new Refused(backend.id() + " cannot express this workload's gang: " + String.join("; ", problems));
        }
        String namespace = submission.getProject().getNamespace();
        requireServed(manifest.path("apiVersion").asText(), submission.getKind()); // before anything is written
        io.kindred.scheduleradapter.gang.Root unborn = new io.kindred.scheduleradapter.gang.Root(submission.getGroup(),
                submission.getVersion(), submission.getKind(), namespace, submission.getName(), workloadId);
        List<String> names = new ArrayList<>();
        for (GangGroup group : gang.groups()) {
            GenericKubernetesResource podGroup = backend.render(group, unborn);
            podGroup.getMetadata().setOwnerReferences(null); // no UID to own it yet: set after the apply
            writer.apply(podGroup);
            names.add(group.name());
        }

        JsonNode stamped;
        try {
            stamped = ri.stamp(manifest, target -> stampFor(ri, gang, policy, target));
        } catch (RiEvaluationException e) {
            throw new Refused("the binding cannot be written into the manifest: " + e.getMessage());
        }
        GenericKubernetesResource applied;
        try {
            applied = applyObject(Serialization.jsonMapper().convertValue(stamped, GenericKubernetesResource.class));
        } catch (KubernetesClientException e) {
            if (isRefusal(e) && objectResource(submission.getGroup(), submission.getVersion(), submission.getKind(),
                    namespace, submission.getName()).get() == null) {
                names.forEach(name -> writer.delete(namespace, name)); // no object will ever own them
            }
            throw e;
        }
        String uid = applied.getMetadata().getUid();
        adopt(namespace, names, applied);
        LOG.infof("Workload %s (revision %d): %s %s/%s applied (uid %s) with PodGroups %s", workloadId,
                submission.getRevision(), submission.getKind(), namespace, submission.getName(), uid, names);
        return new Outcome(false, null, uid, names);
    }

    /**
     * Deletes the object and the workload's PodGroups.
     *
     * @throws KubernetesClientException when the API server cannot be reached: the caller retries
     */
    public Outcome delete(WorkloadSubmissionEvent submission) {
        try {
            String namespace = submission.getProject().getNamespace();
            List<String> keys = new ArrayList<>(List.of(submission.getWorkloadId()));
            Resource<GenericKubernetesResource> object = null;
            try {
                object = objectResource(submission.getGroup(), submission.getVersion(), submission.getKind(), namespace,
                        submission.getName());
            } catch (Refused e) {
                LOG.infof("Workload %s: %s, so no object to delete", submission.getWorkloadId(), e.getMessage());
            }
            GenericKubernetesResource live = object == null ? null : object.get();
            if (live != null) {
                keys.add(live.getMetadata().getUid());
                object.delete();
            }
            List<String> removed = new ArrayList<>();
            for (String key : keys) {
                GenericKubernetesResourceList groups = client.genericKubernetesResources(PodGroupStore.context(backend))
                        .inNamespace(namespace).withLabel(Backend.WORKLOAD_UID_LABEL, key).list();
                for (GenericKubernetesResource group : groups.getItems()) {
                    writer.delete(namespace, group.getMetadata().getName());
                    removed.add(group.getMetadata().getName());
                }
            }
            LOG.infof("Workload %s: %s %s/%s deleted, PodGroups %s released", submission.getWorkloadId(),
                    submission.getKind(), namespace, submission.getName(), removed);
            return new Outcome(false, null, null, removed);
        } catch (KubernetesClientException e) {
            if (isRefusal(e)) {
                return Outcome.failed(apiMessage(e));
            }
            throw e;
        }
    }

    /** What the pods of one component instance carry: their group's binding, the scheduler and priority class. */
    private PodStamp stampFor(CompiledResourceInterface ri, Gang gang, SchedulingPolicy policy, StampTarget target) {
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, String> annotations = new LinkedHashMap<>();
        GangGroup group = gang.groupFor(definitionOf(ri, target.component()), target.instanceId(), null);
        if (group == null && !target.instanceId().isEmpty()) {
            group = gang.groupFor(definitionOf(ri, target.component()), null, null);
        }
        if (group != null) {
            PodBinding binding = backend.binding(group, group.subGroupOf(target.component(), target.instanceId()));
            labels.putAll(binding.labels());
            annotations.putAll(binding.annotations());
        }
        // A per-replica group (one per LeaderWorkerSet replica) cannot be named in a template all replicas share:
        // its pods are bound by the admission webhook, as for any other workload.
        return new PodStamp(labels, annotations, schedulerName, policy.priorityClassName());
    }

    /** The RI pod-group definition a component's pods join: the first naming it, else its nearest ancestor. */
    private static String definitionOf(CompiledResourceInterface ri, String component) {
        StructureSummary summary = ri.structureSummary();
        for (String name = component; name != null; name = summary.parent(name)) {
            for (PodGroupDefinition definition : ri.spec().podGroups()) {
                for (PodGroupMember member : definition.members()) {
                    if (member.componentName().equals(name)) {
                        return definition.name();
                    }
                }
            }
        }
        return null;
    }

    private GenericKubernetesResource applyObject(GenericKubernetesResource desired) {
        String apiVersion = desired.getApiVersion();
        int slash = apiVersion.indexOf('/');
        requireServed(apiVersion, desired.getKind());
        Resource<GenericKubernetesResource> resource = client.genericKubernetesResources(apiVersion, desired.getKind())
                .inNamespace(desired.getMetadata().getNamespace()).resource(desired);
        try {
            return resource.fieldManager(PodGroupWriter.FIELD_MANAGER).forceConflicts().serverSideApply();
        } catch (KubernetesClientException e) {
            // Every real API server since 1.22 takes server-side apply. The devstack's mock API server answers 404
            // for an absent object and 415 for an apply patch: then create, or replace the whole object.
            if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND && e.getCode() != HttpURLConnection.HTTP_UNSUPPORTED_TYPE) {
                throw e;
            }
            return client.genericKubernetesResources(apiVersion, desired.getKind())
                    .inNamespace(desired.getMetadata().getNamespace()).resource(desired)
                    .createOr(NonDeletingOperation::update);
        }
    }

    private Resource<GenericKubernetesResource> objectResource(String group, String version, String kind,
            String namespace, String name) {
        String apiVersion = group.isEmpty() ? version : group + "/" + version;
        requireServed(apiVersion, kind);
        return client.genericKubernetesResources(apiVersion, kind).inNamespace(namespace).withName(name);
    }

    /** A kind the API server does not serve (no CRD) is refused, naming it, instead of failing inside discovery. */
    private void requireServed(String apiVersion, String kind) {
        APIResourceList served;
        try {
            served = client.getApiResources(apiVersion);
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
                throw e;
            }
            served = null;
        }
        if (served == null || served.getResources().stream().noneMatch(resource -> kind.equals(resource.getKind()))) {
            throw new Refused("the Kubernetes API server does not serve " + kind + " in " + apiVersion
                    + " (is its CRD installed?)");
        }
    }

    /** Owner reference and UID label on the PodGroups made before the object existed. */
    private void adopt(String namespace, List<String> names, GenericKubernetesResource owner) {
        String patch = "{\"metadata\":{\"labels\":{\"" + Backend.WORKLOAD_UID_LABEL + "\":\""
                + owner.getMetadata().getUid() + "\"},\"ownerReferences\":[{\"apiVersion\":\"" + owner.getApiVersion()
                + "\",\"kind\":\"" + owner.getKind() + "\",\"name\":\"" + owner.getMetadata().getName()
                + "\",\"uid\":\"" + owner.getMetadata().getUid() + "\",\"controller\":false,\"blockOwnerDeletion\":false}]}}";
        for (String name : names) {
            client.genericKubernetesResources(PodGroupStore.context(backend)).inNamespace(namespace).withName(name)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        }
    }

    private static ObjectNode parse(WorkloadSubmissionEvent submission) {
        try {
            JsonNode parsed = Serialization.jsonMapper().readTree(submission.getManifest());
            if (parsed instanceof ObjectNode object) {
                return object;
            }
        } catch (java.io.IOException e) {
            throw new Refused("the manifest is not JSON: " + e.getMessage());
        }
        throw new Refused("the manifest is not a JSON object");
    }

    /** A 4xx other than 408/429 is the API server refusing the request itself: retrying cannot help. */
    static boolean isRefusal(KubernetesClientException e) {
        int code = e.getCode();
        return code >= 400 && code < 500 && code != 408 && code != 429;
    }

    static String apiMessage(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return "the Kubernetes API server refused it (" + e.getCode() + "): " + e.getStatus().getMessage();
        }
        return "the Kubernetes API server refused it (" + e.getCode() + "): " + e.getMessage();
    }
}
