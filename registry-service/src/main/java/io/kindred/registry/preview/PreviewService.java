package io.kindred.registry.preview;

import com.fasterxml.jackson.databind.JsonNode;
import io.kindred.registry.errors.ApiException;
import io.kindred.registry.errors.Problem;
import io.kindred.registry.errors.Uuids;
import io.kindred.registry.persistence.ResourceInterfaceVersion;
import io.kindred.registry.persistence.WorkloadTypeEntity;
import io.kindred.registry.workloadtypes.WorkloadTypeService;
import io.kindred.ri.CompiledResourceInterface;
import io.kindred.ri.RiCompileException;
import io.kindred.ri.RiParseException;
import io.kindred.ri.RiParser;
import io.kindred.ri.gang.RiPodGroupRequirement;
import io.kindred.ri.jq.JqAllowance;
import io.kindred.ri.model.GroupVersionKind;
import io.kindred.ri.model.ResourceInterfaceSpec;
import io.kindred.ri.status.StatusResult;
import io.kindred.ri.structure.RiEvaluationException;
import io.kindred.ri.validate.RiValidator;
import io.kindred.ri.validate.ValidationProblem;
import io.kindred.ri.validate.ValidationReport;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Lets an administrator try an RI on sample objects before registering it (or see how a registered type reads an
 * object). The jq evaluation is CPU work bounded by ri-core's limits per expression and by one allowance per request
 * ({@link PreviewConfig}); it runs on a worker thread, not the event loop, and only so many previews run at once
 * ({@link PreviewGate}).
 */
@ApplicationScoped
public class PreviewService {

    @Inject
    WorkloadTypeService types;

    @Inject
    PreviewGate gate;

    @Inject
    PreviewConfig config;

    public Uni<PreviewResult> preview(PreviewRequest request) {
        try {
            checkShape(request);
            gate.enter();
        } catch (ApiException e) {
            return Uni.createFrom().failure(e);
        }
        return evaluateShaped(request).onTermination().invoke(gate::leave);
    }

    private Uni<PreviewResult> evaluateShaped(PreviewRequest request) {
        if (hasResourceInterface(request)) {
            return Uni.createFrom().item(() -> withinBudget(() -> previewDraft(request)))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        }
        UUID id = Uuids.parse(request.workloadTypeId()).orElse(null);
        if (id == null) {
            return Uni.createFrom().failure(ApiException.badRequest("workloadTypeId '" + request.workloadTypeId() + "' is not a valid UUID"));
        }
        return types.get(id)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(type -> withinBudget(() -> previewRegistered(type, request)));
    }

    /**
     * Runs the whole preview under one jq allowance (kindred.preview.budget.*), on this worker thread. A preview that
     * spends it is refused as a whole: half a preview would read as "these parts failed" when the request was too big.
     */
    private PreviewResult withinBudget(java.util.function.Supplier<PreviewResult> preview) {
        try (JqAllowance allowance = JqAllowance.open(config.budget().steps(), config.budget().time())) {
            PreviewResult result = preview.get();
            if (allowance.spent()) {
                throw new ApiException(400, "The preview needs more jq evaluation than one request may use",
                        allowance.spentReason() + " (limits: kindred.preview.budget.steps=" + config.budget().steps()
                                + ", kindred.preview.budget.time=" + config.budget().time()
                                + "); try a smaller object, or fewer or simpler expressions");
            }
            return result;
        }
    }

    private static void checkShape(PreviewRequest request) {
        if (request == null) {
            throw ApiException.badRequest("A JSON body is required: {\"resourceInterface\" or \"workloadTypeId\", \"object\", \"pod\"?}");
        }
        boolean hasRi = hasResourceInterface(request);
        boolean hasType = request.workloadTypeId() != null;
        if (hasRi == hasType) {
            throw ApiException.badRequest("Give exactly one of resourceInterface (an RI to try) and workloadTypeId (a registered type)");
        }
        if (request.object() == null || !request.object().isObject()) {
            throw ApiException.badRequest("object is required: the sample workload object, as JSON");
        }
        if (request.pod() != null && !request.pod().isNull() && !request.pod().isObject()) {
            throw ApiException.badRequest("pod must be an object (a sample pod) when given");
        }
        if (request.component() != null && (request.pod() == null || request.pod().isNull())) {
            throw ApiException.badRequest("component is only meaningful with a pod");
        }
    }

    /** A JSON null counts as absent: Jackson reads {@code "resourceInterface": null} as a NullNode, not as null. */
    private static boolean hasResourceInterface(PreviewRequest request) {
        return request.resourceInterface() != null && !request.resourceInterface().isNull();
    }

    private PreviewResult previewDraft(PreviewRequest request) {
        ResourceInterfaceSpec spec;
        try {
            spec = RiParser.parse(request.resourceInterface());
        } catch (RiParseException e) {
            return PreviewResult.invalid(List.of(new Problem(join(e.getPath()), e.getProblem())), List.of());
        }
        ValidationReport report = RiValidator.check(spec);
        List<Problem> problems = new ArrayList<>();
        for (ValidationProblem problem : report.errors()) {
            problems.add(new Problem(join(problem.path()), problem.message()));
        }
        List<Problem> warnings = new ArrayList<>();
        for (ValidationProblem warning : report.warnings()) {
            warnings.add(new Problem(join(warning.path()), warning.message()));
        }
        if (!problems.isEmpty()) {
            return PreviewResult.invalid(problems, warnings);
        }
        CompiledResourceInterface compiled;
        try {
            compiled = CompiledResourceInterface.compile(spec);
        } catch (RiCompileException e) {
            return PreviewResult.invalid(e.getProblems().stream().map(p -> new Problem(join(p.path()), p.message())).toList(),
                    warnings);
        }
        return evaluate(compiled, null, spec.rootComponent().kind().version(), request, warnings);
    }

    private PreviewResult previewRegistered(WorkloadTypeEntity type, PreviewRequest request) {
        List<ResourceInterfaceVersion> versions = type.resourceInterfaces.stream()
                .sorted(Comparator.comparingInt(ri -> ri.position)).toList();
        JsonNode apiVersion = request.object().get("apiVersion");
        ResourceInterfaceVersion chosen;
        if (apiVersion != null && apiVersion.isTextual()) {
            String text = apiVersion.asText();
            String version = text.substring(text.indexOf('/') + 1);
            chosen = versions.stream().filter(ri -> ri.version.equals(version)).findFirst().orElseThrow(() -> ApiException.badRequest(
                    "object.apiVersion '" + text + "' is none of the versions of " + type.name + " (" + names(versions) + ")"));
        } else if (versions.size() == 1) {
            chosen = versions.get(0);
        } else {
            throw ApiException.badRequest("object.apiVersion is needed to choose among the versions of " + type.name + " ("
                    + names(versions) + ")");
        }
        ResourceInterfaceSpec spec = RiParser.parse(chosen.specJson);
        List<Problem> warnings = RiValidator.check(spec).warnings().stream()
                .map(w -> new Problem(join(w.path()), w.message())).collect(java.util.stream.Collectors.toCollection(ArrayList::new));
        return evaluate(CompiledResourceInterface.compile(spec), type.id.toString(), chosen.version, request, warnings);
    }

    private static PreviewResult evaluate(CompiledResourceInterface ri, String typeId, String version, PreviewRequest request,
            List<Problem> warnings) {
        JsonNode object = request.object();
        GroupVersionKind root = ri.spec().rootComponent().kind();
        JsonNode kind = object.get("kind");
        if (kind != null && kind.isTextual() && !kind.asText().equals(root.kind())) {
            warnings.add(new Problem("object.kind", "'" + kind.asText() + "' is not the RI's root kind '" + root.kind() + "'"));
        }
        StatusResult status = ri.status(object);
        PreviewResult.Status statusView = new PreviewResult.Status(status.state().displayName(), status.matchedStatuses(),
                status.phase(), status.conditions(), status.errors());
        PreviewResult.PodGroups podGroups;
        try {
            List<RiPodGroupRequirement> requirements = ri.podGroups(object);
            podGroups = new PreviewResult.PodGroups(requirements, List.of());
        } catch (RiEvaluationException e) {
            podGroups = new PreviewResult.PodGroups(List.of(), List.of(e.getMessage()));
        }
        JsonNode pod = request.pod();
        return new PreviewResult(true, List.of(), typeId, version, warnings.isEmpty() ? null : warnings, statusView,
                ri.structure(object), podGroups,
                pod == null || pod.isNull() ? null : ri.resolvePod(object, pod, request.component()));
    }

    private static String names(List<ResourceInterfaceVersion> versions) {
        return String.join(", ", versions.stream().map(ri -> ri.version).toList());
    }

    private static String join(String path) {
        return path == null || path.isEmpty() ? "resourceInterface" : "resourceInterface." + path;
    }
}
