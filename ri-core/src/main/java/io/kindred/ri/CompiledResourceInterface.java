package io.kindred.ri;

import com.fasterxml.jackson.databind.JsonNode;
import io.kindred.ri.gang.PodGroupPlanner;
import io.kindred.ri.gang.PodResolution;
import io.kindred.ri.gang.PodResolver;
import io.kindred.ri.gang.ReportedScales;
import io.kindred.ri.gang.RiPodGroupRequirement;
import io.kindred.ri.gang.StructureSummary;
import io.kindred.ri.gang.SubtreeScales;
import io.kindred.ri.jq.JqException;
import io.kindred.ri.jq.JqExpression;
import io.kindred.ri.jq.JqExpressions;
import io.kindred.ri.jq.JqLimits;
import io.kindred.ri.model.JqField;
import io.kindred.ri.model.ResourceInterfaceSpec;
import io.kindred.ri.status.StatusEvaluator;
import io.kindred.ri.status.StatusResult;
import io.kindred.ri.structure.RiEvaluationException;
import io.kindred.ri.structure.StructureReader;
import io.kindred.ri.structure.WorkloadStructure;
import io.kindred.ri.update.PodStamp;
import io.kindred.ri.update.StampTarget;
import io.kindred.ri.update.WorkloadStamper;
import io.kindred.ri.validate.RiValidator;
import io.kindred.ri.validate.ValidationProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * An RI ready to evaluate: every jq expression of its spec compiled once, and one evaluator per feature built on
 * them. Immutable and thread-safe; build one per RI version and share it.
 *
 * <p>This class is a thin facade. Each feature lives in its own package and is constructed here from the spec and
 * the compiled {@link JqExpressions} (addressed by field path): status ({@link StatusEvaluator}); structure, pod
 * groups, pod resolution and subtree scale are added the same way.
 *
 * <p>Compiling does not validate: an RI that fails {@link io.kindred.ri.validate.RiValidator} but whose expressions
 * compile can still be evaluated ("as given"), and each feature reports what it cannot do as evaluation errors.
 */
public final class CompiledResourceInterface {

    private final ResourceInterfaceSpec spec;
    private final JqExpressions expressions;
    private final StatusEvaluator status;
    private final StructureSummary summary;
    private final StructureReader structure;
    private final SubtreeScales subtreeScales;
    private final PodResolver pods;
    private final PodGroupPlanner podGroups;
    private final WorkloadStamper stamper;

    private CompiledResourceInterface(ResourceInterfaceSpec spec, JqExpressions expressions) {
        this.spec = spec;
        this.expressions = expressions;
        this.status = new StatusEvaluator(spec.rootComponent() == null ? null : spec.rootComponent().statusDefinition(),
                expressions);
        this.summary = StructureSummary.of(spec);
        this.structure = new StructureReader(spec, expressions);
        this.subtreeScales = new SubtreeScales(summary, structure);
        this.podGroups = new PodGroupPlanner(summary, structure, subtreeScales);
        this.pods = new PodResolver(summary, structure, subtreeScales, expressions, podGroups);
        this.stamper = new WorkloadStamper(summary, structure, expressions);
    }

    /** Compiles with the {@link JqLimits#DEFAULT default jq limits}. */
    public static CompiledResourceInterface compile(ResourceInterfaceSpec spec) {
        return compile(spec, JqLimits.DEFAULT);
    }

    /**
     * Compiles every jq expression of {@code spec}, each on its own: an expression that does not compile (invalid
     * jq, a refused construct, a function jq does not define) becomes one that fails with that error, naming its
     * field, whenever it is evaluated — status, structure and gang evaluation of the other parts keep working, as in
     * the reference implementation. Which expressions failed: {@link #compileProblems()}.
     *
     * @throws RiCompileException when the RI has more components than {@link RiValidator#MAX_COMPONENTS}
     */
    public static CompiledResourceInterface compile(ResourceInterfaceSpec spec, JqLimits limits) {
        Objects.requireNonNull(spec, "spec");
        // The gang summary keeps each component's ancestors: bounded only because the component count is.
        // Evaluation accepts RIs that fail validation, but never one past the size limit.
        int components = spec.components().size();
        if (components > RiValidator.MAX_COMPONENTS) {
            throw new RiCompileException(List.of(new ValidationProblem(ResourceInterfaceSpec.CHILD_COMPONENTS_PATH,
                    "an RI may have at most " + RiValidator.MAX_COMPONENTS + " components; this one has "
                            + components)));
        }
        Map<String, JqExpression> compiled = new LinkedHashMap<>();
        for (JqField field : spec.jqFields()) {
            compiled.put(field.path(), JqExpression.compileOrFailing(field.expression(), field.path(), limits));
        }
        return new CompiledResourceInterface(spec, new JqExpressions(compiled));
    }

    /** The expressions that did not compile and fail when evaluated, each with its field path; empty when none. */
    public List<ValidationProblem> compileProblems() {
        List<ValidationProblem> problems = new ArrayList<>();
        for (JqExpression expression : expressions.all().values()) {
            JqException failure = expression.failure();
            if (failure != null) {
                problems.add(new ValidationProblem(expression.fieldPath(), failure.getDetail()));
            }
        }
        return problems;
    }

    /** The spec this was compiled from. */
    public ResourceInterfaceSpec spec() {
        return spec;
    }

    /** The compiled expressions, by the JSON path of their field. */
    public JqExpressions expressions() {
        return expressions;
    }

    /**
     * The status of a workload object of the RI's root kind. Never throws for a bad object: evaluation problems are
     * in {@link StatusResult#errors()}.
     */
    public StatusResult status(JsonNode object) {
        return status.evaluate(object);
    }

    // ---- structure, gang scheduling and write-backs (io.kindred.ri.structure, .gang, .update) ----------------------

    /** The RI's shape: components, parents, children, leaves and pod-group candidates. */
    public StructureSummary structureSummary() {
        return summary;
    }

    /**
     * Every component of a workload object with its instances, replica counts and pod specs. Never throws for a bad
     * object: problems are in {@link WorkloadStructure#errors()}.
     */
    public WorkloadStructure structure(JsonNode object) {
        return structure.read(object);
    }

    /**
     * The pod groups a workload object needs, before any of its pods exists (see {@link PodGroupPlanner} for the
     * rules).
     *
     * @throws RiEvaluationException when the object cannot be evaluated, naming the RI field at fault
     */
    public List<RiPodGroupRequirement> podGroups(JsonNode object) {
        return podGroups.podGroups(object);
    }

    /**
     * The pod groups of a workload from the scales a reader of the object reported (e.g. a status event's
     * components), by the same rules as {@link #podGroups(JsonNode)}; no jq runs. This is how a consumer recomputes
     * gangs with a newer revision of the RI without the object.
     *
     * @throws RiEvaluationException when a member names an unknown component or a minMember is too large
     */
    public List<RiPodGroupRequirement> podGroups(ReportedScales reported) {
        return podGroups.podGroups(reported);
    }

    /**
     * The subtree scale under a component from reported scales (see {@link #podGroups(ReportedScales)}).
     *
     * @throws RiEvaluationException for an unknown component or instance
     */
    public long subtreeScale(ReportedScales reported, String component, String instanceIdOrNull) {
        return subtreeScales.subtreeScale(reported, component, instanceIdOrNull);
    }

    /**
     * Where a pod of a workload object belongs: component, instance, replica, pod group, group keys and minMember.
     * Never throws for a bad object or pod: problems are in {@link PodResolution#errors()}.
     *
     * @param componentOrNull the pod's component, to skip inferring it from the pod; {@code null} to infer it
     */
    public PodResolution resolvePod(JsonNode object, JsonNode pod, String componentOrNull) {
        return pods.resolve(object, pod, componentOrNull);
    }

    /**
     * The subtree scale (gang size) under a component of a workload object.
     *
     * @param instanceIdOrNull {@code null} for the whole component, else one of its instance ids ({@code ""} is refused)
     * @throws RiEvaluationException for an unknown component or instance, or an object that cannot be evaluated
     */
    public long subtreeScale(JsonNode object, String component, String instanceIdOrNull) {
        return subtreeScales.subtreeScale(object, component, instanceIdOrNull);
    }

    /**
     * Writes the same labels, annotations, scheduler name and priority class name into every pod template (or pod
     * spec, or fragmented pod spec) of a workload object, through the RI's paths.
     *
     * @return an updated deep copy; {@code object} is not modified
     * @throws RiEvaluationException when a path cannot be written through, naming the RI field
     */
    public JsonNode stamp(JsonNode object, PodStamp stamp) {
        return stamper.stamp(object, target -> stamp);
    }

    /**
     * Like {@link #stamp(JsonNode, PodStamp)}, with a stamp chosen per component instance (e.g. a KAI subgroup
     * label per component, or a pod-group name per Dynamo service); {@code null} leaves an instance alone.
     */
    public JsonNode stamp(JsonNode object, Function<StampTarget, PodStamp> stamps) {
        return stamper.stamp(object, stamps);
    }
}
