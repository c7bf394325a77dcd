package io.kindred.ri.gang;

import com.fasterxml.jackson.databind.JsonNode;
import io.kindred.ri.structure.RiEvaluationException;
import io.kindred.ri.structure.Scale;
import io.kindred.ri.structure.StructureReader;
import java.util.List;
import java.util.Set;

/**
 * Subtree scale: how many pods must run together under a component — the gang size a pod group needs.
 *
 * <p>When any component of the RI has a scaleDefinition, it is computed from the scale definitions: a component's
 * own count is the sum of its instances' {@link Scale#effectiveMinimum() effective minimum} (only the given
 * instance's, for the component the computation starts at when an instance id is given; every other component of
 * the subtree counts all its instances); a component without children returns its own count; otherwise, with the
 * sum of the children's subtree scales: children sum 0 → own count ("the scale is defined higher up"), own count 0
 * → children sum, else own × children sum. When no component has a scaleDefinition, the subtree scale is the
 * number of leaf instances under the component (a leaf counts its instances — only the given one when it is the
 * starting component — and does not look further down). This is the reference implementation's rule.
 *
 * <p>Thread-safe; the per-object reads go through an {@link ObjectScales}.
 */
public final class SubtreeScales {

    private final StructureSummary summary;
    private final StructureReader readers;

    public SubtreeScales(StructureSummary summary, StructureReader readers) {
        this.summary = summary;
        this.readers = readers;
    }

    /**
     * The subtree scale of {@code component} in {@code object}.
     *
     * @param instanceId {@code null} for the whole component, else one of its instance ids ({@code ""}, the id of
     *                   the single instance of a component without instanceIdPath, may not be given explicitly)
     * @throws RiEvaluationException for an unknown component, an empty or unknown instance id, a path that cannot be
     *                               read, or a scale beyond 2<sup>63</sup>-1
     */
    public long subtreeScale(JsonNode object, String component, String instanceId) {
        return subtreeScale(new ObjectScales(readers, object), component, instanceId);
    }

    /** The subtree scale of {@code component} from {@link ReportedScales reported} scales (same rules, no object). */
    public long subtreeScale(ReportedScales reported, String component, String instanceId) {
        return subtreeScale(new ObjectScales(readers, reported), component, instanceId);
    }

    long subtreeScale(ObjectScales view, String component, String instanceId) {
        return subtreeScale(view, component, instanceId, Set.of());
    }

    /**
     * The subtree scale leaving out {@code excluded} components below {@code component} (each counts 0, with its
     * own subtree): the pods of a component that a stage's pod group takes are not counted again in a group above it
     * ({@link PodGroupPlanner}).
     */
    long subtreeScale(ObjectScales view, String component, String instanceId, Set<String> excluded) {
        requireComponent(component);
        if (instanceId != null) {
            if (instanceId.isEmpty()) {
                throw new RiEvaluationException(null, "component '" + component + "': the instance id is empty; give "
                        + "no instance id for the whole component, or one of its instance ids");
            }
            List<String> ids = view.ids(component);
            if (!ids.contains(instanceId)) {
                throw new RiEvaluationException(null, "component '" + component + "' has no instance \"" + instanceId
                        + "\"; its instances are " + describe(ids));
            }
        }
        return summary.hasScaleDefinition()
                ? byDefinition(view, component, component, instanceId, excluded, 0)
                : byLeaves(view, component, component, instanceId, excluded, 0);
    }

    private long byDefinition(ObjectScales view, String current, String start, String instanceId, Set<String> excluded,
            int depth) {
        enter(current, depth);
        if (!current.equals(start) && excluded.contains(current)) {
            return 0;
        }
        long own = 0;
        List<Scale> scales = view.scales(current);
        if (scales != null) {
            List<String> ids = view.ids(current);
            for (int i = 0; i < scales.size(); i++) {
                if (instanceId == null || !current.equals(start) || instanceId.equals(ids.get(i))) {
                    own = add(current, own, scales.get(i).effectiveMinimum());
                }
            }
        }
        List<String> children = summary.children(current);
        if (children.isEmpty()) {
            return own;
        }
        long childrenSum = 0;
        for (String child : children) {
            childrenSum = add(current, childrenSum, byDefinition(view, child, start, instanceId, excluded, depth + 1));
        }
        if (childrenSum == 0) {
            return own;
        }
        if (own == 0) {
            return childrenSum;
        }
        try {
            return Math.multiplyExact(own, childrenSum);
        } catch (ArithmeticException e) {
            throw overflow(current);
        }
    }

    private long byLeaves(ObjectScales view, String current, String start, String instanceId, Set<String> excluded,
            int depth) {
        enter(current, depth);
        if (!current.equals(start) && excluded.contains(current)) {
            return 0;
        }
        if (summary.component(current).isLeaf()) {
            if (!view.reader(current).hasInstanceIdPath()) {
                return 1;
            }
            if (instanceId != null && current.equals(start)) {
                return 1; // the id was checked against the instances up front
            }
            return view.ids(current).size();
        }
        long leaves = 0;
        for (String child : summary.children(current)) {
            leaves = add(current, leaves, byLeaves(view, child, start, instanceId, excluded, depth + 1));
        }
        return leaves;
    }

    private void requireComponent(String component) {
        if (component == null || summary.component(component) == null) {
            throw new RiEvaluationException(null, "unknown component '" + component + "'; the RI defines "
                    + describe(summary.componentNames()));
        }
    }

    /**
     * Guards the descent: a walk deeper than there are components has gone round an ownership cycle (only possible
     * in an invalid RI, which may still be evaluated). Cheaper than a visited set, and as final.
     */
    private void enter(String component, int depth) {
        if (depth > summary.componentNames().size()) {
            throw new RiEvaluationException(summary.componentPath(component) + ".ownerRef",
                    "component '" + component + "' is its own ancestor (an ownership cycle); no scale can be computed");
        }
    }

    private static long add(String component, long a, long b) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw overflow(component);
        }
    }

    private static RiEvaluationException overflow(String component) {
        return new RiEvaluationException(null, "component '" + component + "': the subtree scale is too large (beyond "
                + Long.MAX_VALUE + ")");
    }

    static String describe(List<String> names) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < names.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append('"').append(names.get(i)).append('"');
        }
        return sb.append(']').toString();
    }
}
