package io.kindred.ri.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kindred.ri.structure.RiEvaluationException;
import io.kindred.ri.gang.StructureSummary;
import io.kindred.ri.jq.JqException;
import io.kindred.ri.jq.JqExpression;
import io.kindred.ri.jq.JqExpressions;
import io.kindred.ri.model.ComponentDefinition;
import io.kindred.ri.model.FragmentedPodSpecDefinition;
import io.kindred.ri.model.SpecDefinition;
import io.kindred.ri.structure.ComponentReader;
import io.kindred.ri.structure.Expressions;
import io.kindred.ri.structure.StructureReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes labels, annotations, a scheduler name and a priority class name into the pods a workload will create,
 * through the same paths the RI reads pod specs from — what a scheduler needs to bind a workload's pods to the pod
 * groups it created for them.
 *
 * <p>For every leaf component and each of its instances:
 * <ul>
 *   <li>podTemplateSpecPath: into {@code metadata.labels}, {@code metadata.annotations}, {@code spec.schedulerName}
 *       and {@code spec.priorityClassName} of the template;</li>
 *   <li>podSpecPath: {@code schedulerName} and {@code priorityClassName} into the pod spec; labels and annotations
 *       into {@code labels} and {@code annotations} of the object at metadataPath (which labels and annotations then
 *       require);</li>
 *   <li>fragmentedPodSpecDefinition: labels and annotations into the maps at labelsPath and annotationsPath, the
 *       names at schedulerNamePath and priorityClassNamePath (each required by what is written through it).</li>
 * </ul>
 * Only the given keys are written: other labels and annotations stay. Missing objects along the way are created. An
 * instance whose pod template or pod spec is absent from the object has no pods and is left alone.
 *
 * <p>A path is writable when jq's {@code path(f)} is defined for it on the object: plain field and index access,
 * {@code .[]}, pipes, {@code select}, {@code if}, {@code //} choosing a present value, {@code first}… Paths that
 * compute values (arithmetic, literals, {@code to_entries[] | .value}, {@code map}) are refused with an error naming
 * the RI field. As when reading, the paths' results are paired with instance ids by position.
 *
 * <p>The object passed in is never modified: a deep copy is returned. Thread-safe.
 */
public final class WorkloadStamper {

    private final StructureSummary summary;
    private final StructureReader readers;
    private final JqExpressions compiled;

    public WorkloadStamper(StructureSummary summary, StructureReader readers, JqExpressions compiled) {
        this.summary = summary;
        this.readers = readers;
        this.compiled = compiled;
    }

    /** One pending write: where, what, and which target (component instance) it serves. */
    private record Write(TreePath path, String field, JsonNode value, String fieldPath, String context) {
    }

    /**
     * Stamps every pod of {@code object} with what {@code stamps} gives for its component instance ({@code null} or an
     * empty stamp: nothing for that instance).
     *
     * @return an updated deep copy of {@code object}
     * @throws RiEvaluationException naming the RI field when a path cannot be read or written, or a stamp needs a
     *                               path the component does not define
     */
    public JsonNode stamp(JsonNode object, Function<StampTarget, PodStamp> stamps) {
        if (!(object instanceof ObjectNode)) {
            throw new RiEvaluationException(null, "the workload must be a JSON object to be stamped");
        }
        // resolve every location on the original first, then write them all into the copy: a write can then never
        // change where a later path leads
        List<Write> writes = new ArrayList<>();
        for (String leaf : summary.leaves()) {
            plan(object, leaf, stamps, writes);
        }
        ObjectNode copy = ((ObjectNode) object).deepCopy();
        for (Write write : writes) {
            try {
                ObjectNode target = write.path().objectIn(copy);
                target.set(write.field(), write.value());
            } catch (IllegalStateException e) {
                throw new RiEvaluationException(write.fieldPath(), write.context() + ": cannot write "
                        + write.path().then(write.field()) + ": " + e.getMessage());
            }
        }
        return copy;
    }

    private void plan(JsonNode object, String component, Function<StampTarget, PodStamp> stamps, List<Write> writes) {
        ComponentDefinition definition = summary.component(component);
        ComponentReader reader = readers.component(component);
        SpecDefinition spec = definition.specDefinition();
        List<String> ids = reader.instanceIds(object);
        String base = summary.componentPath(component) + ".specDefinition.";
        if (spec.podTemplateSpecPath() != null) {
            JqExpression templates = compiled.require(base + "podTemplateSpecPath");
            List<TreePath> paths = locate(templates, object, reader, ids);
            for (int i = 0; i < paths.size(); i++) {
                PodStamp stamp = stampFor(stamps, component, reader, ids, i);
                TreePath template = paths.get(i);
                if (stamp == null || absent(template.get(object))) {
                    continue;
                }
                String context = context(component, reader, ids, i);
                requireObject(template, object, templates, context);
                String field = templates.fieldPath();
                stamp.labels().forEach((k, v) -> writes.add(new Write(template.then("metadata", "labels"), k, text(v), field, context)));
                stamp.annotations().forEach((k, v) -> writes.add(new Write(template.then("metadata", "annotations"), k, text(v), field, context)));
                if (stamp.schedulerName() != null) {
                    writes.add(new Write(template.then("spec"), "schedulerName", text(stamp.schedulerName()), field, context));
                }
                if (stamp.priorityClassName() != null) {
                    writes.add(new Write(template.then("spec"), "priorityClassName", text(stamp.priorityClassName()), field, context));
                }
            }
        } else if (spec.podSpecPath() != null) {
            JqExpression podSpecs = compiled.require(base + "podSpecPath");
            JqExpression metadata = spec.metadataPath() == null ? null : compiled.require(base + "metadataPath");
            List<TreePath> specPaths = locate(podSpecs, object, reader, ids);
            List<TreePath> metadataPaths = metadata == null ? null : locate(metadata, object, reader, ids);
            for (int i = 0; i < specPaths.size(); i++) {
                PodStamp stamp = stampFor(stamps, component, reader, ids, i);
                TreePath podSpec = specPaths.get(i);
                if (stamp == null || absent(podSpec.get(object))) {
                    continue;
                }
                String context = context(component, reader, ids, i);
                requireObject(podSpec, object, podSpecs, context);
                if (stamp.schedulerName() != null) {
                    writes.add(new Write(podSpec, "schedulerName", text(stamp.schedulerName()), podSpecs.fieldPath(), context));
                }
                if (stamp.priorityClassName() != null) {
                    writes.add(new Write(podSpec, "priorityClassName", text(stamp.priorityClassName()), podSpecs.fieldPath(), context));
                }
                if (!stamp.labels().isEmpty() || !stamp.annotations().isEmpty()) {
                    if (metadataPaths == null) {
                        throw new RiEvaluationException(podSpecs.fieldPath(), context + ": labels and annotations cannot be "
                                + "written: the component has a podSpecPath but no metadataPath");
                    }
                    TreePath meta = pick(metadataPaths, i, metadata.fieldPath(), context);
                    String field = metadata.fieldPath();
                    stamp.labels().forEach((k, v) -> writes.add(new Write(meta.then("labels"), k, text(v), field, context)));
                    stamp.annotations().forEach((k, v) -> writes.add(new Write(meta.then("annotations"), k, text(v), field, context)));
                }
            }
        } else {
            planFragmented(object, component, reader, ids, spec.fragmentedPodSpecDefinition(), base + "fragmentedPodSpecDefinition.",
                    stamps, writes);
        }
    }

    private void planFragmented(JsonNode object, String component, ComponentReader reader, List<String> ids,
            FragmentedPodSpecDefinition fragments, String base, Function<StampTarget, PodStamp> stamps, List<Write> writes) {
        Map<String, String> defined = fragments.paths();
        List<TreePath> labels = defined.containsKey("labelsPath") ? locate(compiled.require(base + "labelsPath"), object, reader, ids) : null;
        List<TreePath> annotations = defined.containsKey("annotationsPath") ? locate(compiled.require(base + "annotationsPath"), object, reader, ids) : null;
        List<TreePath> schedulerNames = defined.containsKey("schedulerNamePath") ? locate(compiled.require(base + "schedulerNamePath"), object, reader, ids) : null;
        List<TreePath> priorityClasses = defined.containsKey("priorityClassNamePath") ? locate(compiled.require(base + "priorityClassNamePath"), object, reader, ids) : null;
        int count = reader.hasInstanceIdPath() ? ids.size() : maxSize(labels, annotations, schedulerNames, priorityClasses);
        for (int i = 0; i < count; i++) {
            PodStamp stamp = stampFor(stamps, component, reader, ids, i);
            if (stamp == null) {
                continue;
            }
            String context = context(component, reader, ids, i);
            if (!stamp.labels().isEmpty()) {
                TreePath map = require(labels, i, base + "labelsPath", context, "labels");
                stamp.labels().forEach((k, v) -> writes.add(new Write(map, k, text(v), base + "labelsPath", context)));
            }
            if (!stamp.annotations().isEmpty()) {
                TreePath map = require(annotations, i, base + "annotationsPath", context, "annotations");
                stamp.annotations().forEach((k, v) -> writes.add(new Write(map, k, text(v), base + "annotationsPath", context)));
            }
            if (stamp.schedulerName() != null) {
                writes.add(leafWrite(require(schedulerNames, i, base + "schedulerNamePath", context, "a scheduler name"),
                        stamp.schedulerName(), base + "schedulerNamePath", context));
            }
            if (stamp.priorityClassName() != null) {
                writes.add(leafWrite(require(priorityClasses, i, base + "priorityClassNamePath", context, "a priority class name"),
                        stamp.priorityClassName(), base + "priorityClassNamePath", context));
            }
        }
    }

    private static Write leafWrite(TreePath path, String value, String fieldPath, String context) {
        List<Object> segments = path.segments();
        if (segments.isEmpty() || !(segments.get(segments.size() - 1) instanceof String field)) {
            throw new RiEvaluationException(fieldPath, context + ": the path leads to " + path
                    + ", which is not an object field; a value cannot be written there");
        }
        return new Write(new TreePath(segments.subList(0, segments.size() - 1)), field, text(value), fieldPath, context);
    }

    private static TreePath require(List<TreePath> paths, int index, String fieldPath, String context, String what) {
        if (paths == null) {
            throw new RiEvaluationException(fieldPath, context + ": " + what + " cannot be written: the "
                    + "fragmentedPodSpecDefinition has no " + fieldPath.substring(fieldPath.lastIndexOf('.') + 1));
        }
        return pick(paths, index, fieldPath, context);
    }

    /** The location serving instance {@code index}; without instanceIdPath a single location serves every pairing. */
    private static TreePath pick(List<TreePath> paths, int index, String fieldPath, String context) {
        if (paths.isEmpty()) {
            throw new RiEvaluationException(fieldPath, context + ": the path leads to no location to write to");
        }
        return paths.get(Math.min(index, paths.size() - 1));
    }

    private static int maxSize(List<?>... lists) {
        int max = 0;
        for (List<?> list : lists) {
            if (list != null) {
                max = Math.max(max, list.size());
            }
        }
        return max;
    }

    /**
     * The locations a path leads to, paired with the instances: with instanceIdPath exactly one per id; without,
     * every location serves the single instance.
     */
    private static List<TreePath> locate(JqExpression expression, JsonNode object, ComponentReader reader, List<String> ids) {
        String context = "component '" + reader.name() + "'";
        List<JsonNode> raw;
        try {
            raw = expression.evaluatePaths(object);
        } catch (JqException e) {
            throw Expressions.failure(e, context + ": the path cannot be written through");
        }
        if (reader.hasInstanceIdPath() && raw.size() != ids.size()) {
            throw new RiEvaluationException(expression.fieldPath(), context + ": the path leads to " + raw.size()
                    + " location" + (raw.size() == 1 ? "" : "s") + " for " + ids.size() + " instance ids");
        }
        List<TreePath> paths = new ArrayList<>(raw.size());
        for (JsonNode segments : raw) {
            paths.add(toTreePath(segments, object, expression, context));
        }
        return paths;
    }

    /** A jq path array as a {@link TreePath}, with negative indexes resolved against {@code object}. */
    private static TreePath toTreePath(JsonNode segments, JsonNode object, JqExpression expression, String context) {
        List<Object> resolved = new ArrayList<>(segments.size());
        JsonNode current = object;
        for (JsonNode segment : segments) {
            Object step;
            if (segment.isTextual()) {
                step = segment.textValue();
            } else if (segment.isIntegralNumber() || (segment.isNumber() && segment.doubleValue() == Math.rint(segment.doubleValue()))) {
                int index = segment.intValue();
                if (index < 0) {
                    index += current != null && current.isArray() ? current.size() : 0;
                }
                if (index < 0) {
                    throw new RiEvaluationException(expression.fieldPath(), context + ": the path uses index "
                            + segment.intValue() + " outside its array; it cannot be written through");
                }
                step = index;
            } else {
                throw new RiEvaluationException(expression.fieldPath(), context + ": the path uses " + segment
                        + " (a slice or computed key), which cannot be written through");
            }
            resolved.add(step);
            current = current == null ? null : step instanceof String s ? current.get(s) : current.get((Integer) step);
        }
        return new TreePath(resolved);
    }

    private static PodStamp stampFor(Function<StampTarget, PodStamp> stamps, String component, ComponentReader reader,
            List<String> ids, int index) {
        String id = reader.hasInstanceIdPath() ? ids.get(index) : "";
        PodStamp stamp = stamps.apply(new StampTarget(component, id));
        return stamp == null || stamp.isEmpty() ? null : stamp;
    }

    private static String context(String component, ComponentReader reader, List<String> ids, int index) {
        return reader.hasInstanceIdPath()
                ? "component '" + component + "', instance \"" + ids.get(index) + "\""
                : "component '" + component + "'";
    }

    private static boolean absent(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode();
    }

    private static void requireObject(TreePath path, JsonNode object, JqExpression expression, String context) {
        JsonNode value = path.get(object);
        if (!value.isObject()) {
            throw new RiEvaluationException(expression.fieldPath(), context + ": " + path + " holds a "
                    + value.getNodeType().name().toLowerCase(Locale.ROOT) + ", not an object; nothing can be written into it");
        }
    }

    private static JsonNode text(String value) {
        return TextNode.valueOf(value);
    }
}
