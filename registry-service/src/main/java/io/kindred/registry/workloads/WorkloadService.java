package io.kindred.registry.workloads;

import io.kindred.registry.workloadproperties.Preemptibility;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kindred.events.DesiredPhase;
import io.kindred.events.ProjectRef;
import io.kindred.events.WorkloadSubmissionEvent;
import io.kindred.registry.errors.ApiException;
import io.kindred.registry.errors.Problem;
import io.kindred.registry.workloadproperties.WorkloadProperties;
import io.kindred.registry.outbox.OutboxRelay;
import io.kindred.registry.outbox.OutboxWriter;
import io.kindred.registry.persistence.ResourceInterfaceVersion;
import io.kindred.registry.persistence.WorkloadTypeEntity;
import io.kindred.registry.workloadtypes.ApiGroups;
import io.kindred.registry.persistence.Failures;
import io.kindred.ri.RiCompileException;
import io.kindred.ri.RiParseException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The Workloads V2 rules and transactions. A request is checked completely (metadata, project, manifest, its
 * registered type and version, the manifest against the type's RI) before anything is written; every problem is one
 * line of the 400's details, at its request field. An accepted change and its WorkloadSubmissionEvent commit in one
 * transaction (the outbox), and its revision moves the workload's syncInfo back to Queued until its cluster answers.
 */
@ApplicationScoped
public class WorkloadService {

    static final String RUNNING = "Running";
    static final String STOPPED = "Stopped";
    public static final String DELETED = "Deleted";
    static final String QUEUED = "Queued";
    /** Kubernetes object names: DNS-1123 subdomain. */
    private static final Pattern OBJECT_NAME = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
    private static final int MAX_NAME = 253;
    private static final String SUFFIX_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger LOG = Logger.getLogger(WorkloadService.class);

    @Inject
    Projects projects;

    @Inject
    WorkloadProperties properties;

    @Inject
    WorkloadRepository workloads;

    @Inject
    OutboxWriter outbox;

    @Inject
    OutboxRelay relay;

    public Uni<WorkloadEntity> get(UUID id) {
        return Panache.withSession(() -> workloads.findById(id)).onItem().ifNull().failWith(() -> notFound(id));
    }

    public Uni<WorkloadQuery.Page<WorkloadEntity>> list(WorkloadQuery query) {
        return Panache.withSession(() -> workloads.page(query)).map(query::page);
    }

    // ---------------------------------------------------------------- create

    /** A create request whose metadata passed; the manifest is checked against its type next. */
    private record Draft(String name, boolean prefix, Projects.Project project, String priority, String category,
            String preemptibility, ObjectNode manifest) {
    }

    public Uni<WorkloadEntity> create(WorkloadV2Api.CreateRequest body, String subject, boolean dryRun) {
        Draft draft;
        try {
            draft = validateCreate(body);
        } catch (ApiException e) {
            return Uni.createFrom().failure(e);
        }
        return Panache.withSession(() -> workloads.typeNamed(kindOf(draft.manifest())))
                .map(type -> build(draft, type, subject))
                .flatMap(entity -> {
                    if (dryRun) {
                        return Uni.createFrom().item(entity);
                    }
                    return Panache.withTransaction(() -> workloads.activeNamed(entity)
                                    .flatMap(existing -> {
                                        if (existing != null) {
                                            return Uni.createFrom().<WorkloadEntity>failure(ApiException.conflict(
                                                    "A workload named '" + entity.name + "' of kind " + entity.kind
                                                            + " already exists in project " + entity.projectName));
                                        }
                                        return workloads.persist(entity)
                                                .call(saved -> outbox.appendSubmission(submission(saved, subject)));
                                    }))
                            .invoke(saved -> LOG.infof("Workload %s (%s %s/%s) submitted by %s to cluster %s", saved.id,
                                    saved.kind, saved.namespace, saved.name, subject, saved.clusterId))
                            .invoke(relay::wakeUp);
                });
    }

    private Draft validateCreate(WorkloadV2Api.CreateRequest body) {
        if (body == null) {
            throw ApiException.badRequest("A JSON body is required: {metadata: {name, projectId, …}, manifest | manifestBase64Encoded}");
        }
        List<Problem> problems = new ArrayList<>();
        WorkloadV2Api.CreateMetadata metadata = body.metadata();
        Projects.Project project = null;
        if (metadata == null) {
            problems.add(new Problem("metadata", "is required: {name, projectId, …}"));
        } else if (metadata.projectId() == null || metadata.projectId().isBlank()) {
            problems.add(new Problem("metadata.projectId", "is required"));
        } else {
            project = projects.byId(metadata.projectId()).orElse(null);
            if (project == null) {
                problems.add(new Problem("metadata.projectId", "no project with id '" + metadata.projectId()
                        + "' (GET /api/v1/org-unit/projects lists them)"));
            } else if (metadata.clusterId() != null && !metadata.clusterId().equals(project.clusterId())) {
                problems.add(new Problem("metadata.clusterId", "project " + project.name() + " is in cluster "
                        + project.clusterId() + ", not " + metadata.clusterId()));
            }
        }
        String priority = metadata == null ? null : checkPriority(metadata.priority(), problems);
        String category = metadata == null ? null : checkCategory(metadata.category(), problems);
        String preemptibility = metadata == null ? null : metadata.preemptibility();
        String preemptibilityProblem = Preemptibility.problemWith(preemptibility);
        if (preemptibilityProblem != null) {
            problems.add(new Problem("metadata.preemptibility", preemptibilityProblem));
        }
        ObjectNode manifest = Manifests.read(body.manifest(), body.manifestBase64Encoded(), true, problems);
        String name = null;
        boolean prefix = metadata != null && Boolean.TRUE.equals(metadata.useGivenNameAsPrefix());
        if (metadata != null) {
            name = metadata.name();
            if (name == null && manifest != null && manifest.path("metadata").path("name").isTextual()) {
                name = manifest.path("metadata").path("name").asText();
            }
            if (name == null) {
                name = "workload"; // Run:ai's CLI does the same
            }
            int room = MAX_NAME - (prefix ? 6 : 0);
            if (!OBJECT_NAME.matcher(name).matches() || name.length() > room) {
                problems.add(new Problem("metadata.name", "'" + name + "' is not a Kubernetes object name: lower-case "
                        + "letters, digits, '-' and '.', starting and ending alphanumeric, at most " + room + " characters"));
            }
        }
        if (manifest != null) {
            checkManifestHeader(manifest, project, problems);
        }
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        return new Draft(name, prefix, project, priority, category, preemptibility, manifest);
    }

    private String checkPriority(String priority, List<Problem> problems) {
        if (priority != null && properties.priorityNamed(priority).isEmpty()) {
            problems.add(new Problem("metadata.priority", "'" + priority + "' is not a workload priority; one of "
                    + properties.priorities().stream().map(WorkloadProperties.Priority::name).collect(Collectors.joining(", "))));
            return null;
        }
        return priority == null ? null : properties.priorityNamed(priority).get().name();
    }

    private String checkCategory(String category, List<Problem> problems) {
        if (category != null && properties.categoryNamed(category).isEmpty()) {
            problems.add(new Problem("metadata.category", "'" + category + "' is not a workload category; one of "
                    + properties.categories().stream().map(WorkloadProperties.Category::name).collect(Collectors.joining(", "))));
            return null;
        }
        return category == null ? null : properties.categoryNamed(category).get().name();
    }

    private static void checkManifestHeader(ObjectNode manifest, Projects.Project project, List<Problem> problems) {
        String field = "manifest";
        if (!manifest.path("apiVersion").isTextual() || manifest.path("apiVersion").asText().isBlank()) {
            problems.add(new Problem(field + ".apiVersion", "is required (group/version of the workload type's CRD)"));
        }
        if (!manifest.path("kind").isTextual() || manifest.path("kind").asText().isBlank()) {
            problems.add(new Problem(field + ".kind", "is required (a registered workload type)"));
        }
        JsonNode metadata = manifest.path("metadata");
        if (!metadata.isMissingNode() && !metadata.isObject()) {
            problems.add(new Problem(field + ".metadata", "must be an object"));
        }
        JsonNode namespace = metadata.path("namespace");
        if (project != null && namespace.isTextual() && !namespace.asText().equals(project.namespace())) {
            problems.add(new Problem(field + ".metadata.namespace", "'" + namespace.asText() + "' is not the namespace of "
                    + "project " + project.name() + " (" + project.namespace() + "); leave it out"));
        }
    }

    static String kindOf(ObjectNode manifest) {
        return manifest.path("kind").asText();
    }

    /** The new workload, with its manifest checked against its type (400 otherwise). Not persisted yet. */
    private WorkloadEntity build(Draft draft, WorkloadTypeEntity type, String subject) {
        Checked checked = checkAgainstType(draft.manifest(), type, null);
        Instant now = now();
        WorkloadEntity entity = new WorkloadEntity();
        entity.id = UUID.randomUUID();
        entity.name = draft.prefix() ? draft.name() + "-" + randomSuffix() : draft.name();
        Projects.Project project = draft.project();
        entity.projectId = project.id();
        entity.projectName = project.name();
        entity.departmentId = project.departmentId();
        entity.departmentName = project.departmentName();
        entity.clusterId = project.clusterId();
        entity.namespace = project.namespace();
        entity.queue = project.queue();
        entity.group = type.group;
        entity.version = checked.version();
        entity.kind = type.name;
        entity.priority = draft.priority();
        entity.category = draft.category();
        entity.preemptibility = draft.preemptibility();
        applyEffectiveProperties(entity, type);
        entity.desiredPhase = RUNNING;
        setManifest(entity, draft.manifest(), checked.pods());
        entity.revision = 1;
        entity.createdAt = now;
        entity.createdBy = subject;
        entity.updatedAt = now;
        entity.updatedBy = subject;
        entity.syncStatus = QUEUED;
        return entity;
    }

    private void applyEffectiveProperties(WorkloadEntity entity, WorkloadTypeEntity type) {
        WorkloadProperties.Priority priority = entity.priority != null
                ? properties.priorityNamed(entity.priority).orElseThrow()
                : properties.priority(type.priorityId).orElseThrow(() -> new IllegalStateException(
                        "workload type " + type.name + " has an unknown priority " + type.priorityId));
        entity.effectivePriority = priority.name();
        entity.effectivePriorityValue = priority.value();
        entity.effectiveCategory = entity.category != null ? entity.category
                : properties.category(type.categoryId).map(WorkloadProperties.Category::name).orElse("Train");
    }

    private static void setManifest(WorkloadEntity entity, ObjectNode raw, ManifestChecks.Checked pods) {
        ObjectNode applied = raw.deepCopy();
        ObjectNode metadata = applied.path("metadata").isObject() ? (ObjectNode) applied.get("metadata") : applied.putObject("metadata");
        metadata.put("name", entity.name);
        metadata.put("namespace", entity.namespace);
        entity.rawManifest = raw.toString();
        entity.workloadManifest = applied.toString();
        entity.requestedPods = pods.requestedPods();
        entity.requestedMinPods = pods.minPods();
        entity.podComponents = String.join(",", pods.podComponents());
    }

    /** The version the manifest names and what its RI makes of it. */
    private record Checked(String version, ManifestChecks.Checked pods) {
    }

    /**
     * @param kindMustBe on update: the kind the workload already has (a manifest of another kind is another object)
     */
    private Checked checkAgainstType(ObjectNode manifest, WorkloadTypeEntity type, String kindMustBe) {
        List<Problem> problems = new ArrayList<>();
        String kind = kindOf(manifest);
        String apiVersion = manifest.path("apiVersion").asText();
        int slash = apiVersion.lastIndexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        if (kindMustBe != null && !kindMustBe.equals(kind)) {
            throw invalid(List.of(new Problem("manifest.kind", "is " + kindMustBe + " for this workload and cannot change "
                    + "to " + kind + "; submit a new workload instead")));
        }
        if (type == null) {
            throw invalid(List.of(new Problem("manifest.kind", "'" + kind + "' is not a registered workload type "
                    + "(GET /api/v1/workload-types lists them)")));
        }
        if (!type.group.equals(group)) {
            throw invalid(List.of(new Problem("manifest.apiVersion", "group '" + group + "' is not the group of workload "
                    + "type " + type.name + " ('" + ApiGroups.toApi(type.group) + "')")));
        }
        ResourceInterfaceVersion ri = type.resourceInterfaces.stream().filter(r -> r.version.equals(version))
                .findFirst().orElse(null);
        if (ri == null) {
            throw invalid(List.of(new Problem("manifest.apiVersion", "version '" + version + "' of " + type.name
                    + " has no Resource Interface; registered versions: " + type.resourceInterfaces.stream()
                            .map(r -> r.version).collect(Collectors.joining(", ")))));
        }
        ManifestChecks.Checked checked;
        try {
            checked = ManifestChecks.check(ManifestChecks.compiled(type, ri), manifest, problems);
        } catch (RiParseException | RiCompileException e) {
            throw new IllegalStateException("stored Resource Interface of " + type.name + "/" + version
                    + " does not compile", e);
        }
        if (checked == null) {
            throw invalid(problems);
        }
        return new Checked(version, checked);
    }

    // ---------------------------------------------------------------- update

    public Uni<WorkloadEntity> update(UUID id, WorkloadV2Api.UpdateRequest body, String subject) {
        if (body == null) {
            return Uni.createFrom().failure(ApiException.badRequest(
                    "A JSON body is required: any of metadata.priority, metadata.category, manifest, manifestBase64Encoded"));
        }
        List<Problem> problems = new ArrayList<>();
        String priority = body.metadata() == null ? null : checkPriority(body.metadata().priority(), problems);
        String category = body.metadata() == null ? null : checkCategory(body.metadata().category(), problems);
        ObjectNode manifest = Manifests.read(body.manifest(), body.manifestBase64Encoded(), false, problems);
        if (manifest != null) {
            checkManifestHeader(manifest, null, problems);
        }
        if (!problems.isEmpty()) {
            return Uni.createFrom().failure(invalid(problems));
        }
        return Panache.withTransaction(() -> workloads.findById(id)
                        .onItem().ifNull().failWith(() -> notFound(id))
                        .flatMap(entity -> {
                            requireNotDeleted(entity);
                            if (manifest != null && !entity.namespace.equals(
                                    manifest.path("metadata").path("namespace").asText(entity.namespace))) {
                                throw invalid(List.of(new Problem("manifest.metadata.namespace", "is "
                                        + entity.namespace + " for this workload (its project's); leave it out")));
                            }
                            return workloads.typeNamed(entity.kind).flatMap(type -> {
                                if (manifest != null) {
                                    Checked checked = checkAgainstType(manifest, type, entity.kind);
                                    entity.version = checked.version();
                                    setManifest(entity, manifest, checked.pods());
                                }
                                if (priority != null) {
                                    entity.priority = priority;
                                }
                                if (category != null) {
                                    entity.category = category;
                                }
                                if (type != null) {
                                    applyEffectiveProperties(entity, type);
                                }
                                return changed(entity, subject);
                            });
                        }))
                .onFailure(Failures::isConcurrentModification).transform(e -> concurrentChange(id))
                .invoke(updated -> LOG.infof("Workload %s updated by %s, revision %d", updated.id, subject, updated.revision))
                .invoke(relay::wakeUp);
    }

    // ---------------------------------------------------------------- delete

    /** Marks the workload deleted and asks its cluster to remove it; deleting it again changes nothing. */
    public Uni<WorkloadEntity> delete(UUID id, String subject) {
        return changeDesiredPhase(id, subject, "deleted", entity -> {
            if (DELETED.equals(entity.desiredPhase)) {
                return null;
            }
            entity.desiredPhase = DELETED;
            entity.deletedAt = now();
            entity.deletedBy = subject;
            return entity;
        });
    }

    // ---------------------------------------------------------------- stop / resume

    /**
     * Asks the workload's cluster to stop it: its object is removed and its gang released, the submission is kept
     * (phase Stopping, then Stopped once the cluster reports it). Stopping a stopped workload changes nothing.
     */
    public Uni<WorkloadEntity> suspend(UUID id, String subject) {
        return changeDesiredPhase(id, subject, "suspended", entity -> {
            requireNotDeleted(entity);
            if (STOPPED.equals(entity.desiredPhase)) {
                return null;
            }
            entity.desiredPhase = STOPPED;
            return entity;
        });
    }

    /**
     * Asks the cluster to run a stopped workload again: its manifest is re-applied as a new object (phase Creating
     * until the new object's first state). What was observed of the stopped object is dropped, and its UID retired
     * so that its late status events cannot attach to the new one. Resuming a running workload changes nothing.
     */
    public Uni<WorkloadEntity> resume(UUID id, String subject) {
        return changeDesiredPhase(id, subject, "resumed", entity -> {
            requireNotDeleted(entity);
            if (!STOPPED.equals(entity.desiredPhase)) {
                return null;
            }
            entity.desiredPhase = RUNNING;
            if (entity.objectUid != null) {
                entity.retiredUid = entity.objectUid;
            }
            entity.objectUid = null;
            entity.state = null;
            entity.everLeftUndefined = false;
            entity.k8sPhase = null;
            entity.conditionsJson = null;
            entity.reportedPods = null;
            entity.reportedMinPods = null;
            entity.completedAt = null;
            entity.phaseUpdatedAt = now();
            return entity;
        });
    }

    /**
     * One change of the desired phase in its own transaction: {@code change} returns the changed entity, or null when
     * there is nothing to change (the workload is answered as it is and nothing is published).
     */
    private Uni<WorkloadEntity> changeDesiredPhase(UUID id, String subject, String verb,
            java.util.function.UnaryOperator<WorkloadEntity> change) {
        return Panache.withTransaction(() -> workloads.findById(id)
                        .onItem().ifNull().failWith(() -> notFound(id))
                        .flatMap(entity -> {
                            WorkloadEntity changed = change.apply(entity);
                            return changed == null ? Uni.createFrom().item(entity) : changed(changed, subject);
                        }))
                .onFailure(Failures::isConcurrentModification).transform(e -> concurrentChange(id))
                .invoke(changed -> LOG.infof("Workload %s %s by %s, revision %d", changed.id, verb, subject,
                        changed.revision))
                .invoke(relay::wakeUp);
    }

    /** A new revision of an existing workload: its event joins the transaction, its sync starts over. */
    private Uni<WorkloadEntity> changed(WorkloadEntity entity, String subject) {
        entity.revision++;
        entity.updatedAt = now();
        entity.updatedBy = subject;
        entity.syncStatus = QUEUED;
        entity.syncMessage = null;
        entity.syncUpdatedAt = null;
        return outbox.appendSubmission(submission(entity, subject)).replaceWith(entity);
    }

    private static void requireNotDeleted(WorkloadEntity entity) {
        if (DELETED.equals(entity.desiredPhase)) {
            throw ApiException.conflict("Workload " + entity.id + " was deleted");
        }
    }

    private WorkloadSubmissionEvent submission(WorkloadEntity entity, String subject) {
        WorkloadProperties.Priority priority = properties.priorityNamed(entity.effectivePriority).orElseThrow();
        String preemptibility = entity.preemptibility != null ? entity.preemptibility
                : properties.effectivePreemptibility(null, priority.id());
        return WorkloadSubmissionEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(entity.updatedAt)
                .setWorkloadId(entity.id.toString())
                .setRevision(entity.revision)
                .setClusterId(entity.clusterId)
                .setDesiredPhase(desiredPhase(entity))
                .setProject(ProjectRef.newBuilder().setId(entity.projectId).setName(entity.projectName)
                        .setNamespace(entity.namespace).setQueue(entity.queue).build())
                .setGroup(entity.group)
                .setVersion(entity.version)
                .setKind(entity.kind)
                .setName(entity.name)
                .setManifest(entity.workloadManifest)
                .setPriority(entity.effectivePriority)
                .setCategory(entity.effectiveCategory)
                .setPreemptibility(preemptibility)
                .setSubmittedBy(subject)
                .build();
    }

    private static DesiredPhase desiredPhase(WorkloadEntity entity) {
        if (DELETED.equals(entity.desiredPhase)) {
            return DesiredPhase.DELETED;
        }
        return STOPPED.equals(entity.desiredPhase) ? DesiredPhase.STOPPED : DesiredPhase.RUNNING;
    }

    private static String randomSuffix() {
        StringBuilder suffix = new StringBuilder(5);
        for (int i = 0; i < 5; i++) {
            suffix.append(SUFFIX_CHARACTERS.charAt(RANDOM.nextInt(SUFFIX_CHARACTERS.length())));
        }
        return suffix.toString();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    static ApiException invalid(List<Problem> problems) {
        return ApiException.invalid("Invalid workload: " + problems.stream().map(Problem::toString)
                .collect(Collectors.joining("; ")), problems);
    }

    static ApiException notFound(UUID id) {
        return ApiException.notFound("Workload " + id + " not found");
    }

    private static ApiException concurrentChange(UUID id) {
        return ApiException.conflict("Workload " + id + " was changed concurrently; read it again and retry");
    }
}
