package io.kindred.ri.gang;

import com.fasterxml.jackson.databind.JsonNode;
import io.kindred.ri.structure.ComponentReader;
import io.kindred.ri.structure.Scale;
import io.kindred.ri.structure.StructureReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The instance ids and replica counts of one workload object, read lazily and at most once per component: several
 * subtree-scale computations on the same object (all the pod groups of a workload) share them. Kept in arrays
 * indexed by component ordinal, so that a computation allocates little beyond what jq evaluation needs. The values
 * come either from the object (through the RI's jq paths) or from {@link ReportedScales} that a reader of the
 * object published earlier — then no jq runs at all. Not thread-safe; one per evaluation.
 */
final class ObjectScales {

    /** Marks "read, and there is no scaleDefinition"; compared by identity. */
    private static final List<Scale> NO_SCALE_DEFINITION = Collections.unmodifiableList(new ArrayList<>(0));

    private final StructureReader readers;
    private final JsonNode object;
    private final ReportedScales reported;
    private final Object[] ids;
    private final Object[] scales;

    ObjectScales(StructureReader readers, JsonNode object) {
        this(readers, object, null);
    }

    /** A view over scales reported by someone who read the object (see {@link ReportedScales}). */
    ObjectScales(StructureReader readers, ReportedScales reported) {
        this(readers, null, reported);
    }

    private ObjectScales(StructureReader readers, JsonNode object, ReportedScales reported) {
        this.readers = readers;
        this.object = object;
        this.reported = reported;
        int count = readers.components().size();
        this.ids = new Object[count];
        this.scales = new Object[count];
    }

    ComponentReader reader(String component) {
        return readers.component(component);
    }

    /** The component's instance ids (see {@link ComponentReader#instanceIds}). */
    @SuppressWarnings("unchecked")
    List<String> ids(String component) {
        int ordinal = readers.ordinal(component);
        List<String> known = (List<String>) ids[ordinal];
        if (known == null) {
            known = reported != null ? reported.instanceIds(component) : readers.component(component).instanceIds(object);
            ids[ordinal] = known;
        }
        return known;
    }

    /** The component's scales, aligned with {@link #ids}; {@code null} without a scaleDefinition. */
    @SuppressWarnings("unchecked")
    List<Scale> scales(String component) {
        int ordinal = readers.ordinal(component);
        List<Scale> known = (List<Scale>) scales[ordinal];
        if (known == null) {
            ComponentReader reader = readers.component(component);
            if (!reader.hasScaleDefinition()) {
                known = NO_SCALE_DEFINITION;
            } else {
                known = reported != null ? reported.scales(component) : reader.scales(object, ids(component));
            }
            scales[ordinal] = known;
        }
        return known == NO_SCALE_DEFINITION ? null : known;
    }
}
