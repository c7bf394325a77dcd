package io.kindred.ri.gang;

import io.kindred.ri.structure.ComponentStructure;
import io.kindred.ri.structure.InstanceStructure;
import io.kindred.ri.structure.Scale;
import io.kindred.ri.structure.WorkloadStructure;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The instance ids and scales of a workload's components as someone who read the object reported them (e.g. the
 * {@code components} of a status event), so that gang sizes can be computed again later — with a newer revision
 * of the RI, or in another process — without the object and without running any jq.
 *
 * <p>A component that was not reported has no instances. A component without {@code instanceIdPath} is reported
 * with the instance id {@code ""}. The scales of a component the RI gives no scaleDefinition are ignored: the RI
 * decides which components are scaled, the report only supplies the numbers. Immutable.
 */
public final class ReportedScales {

    private final Map<String, List<String>> ids;
    private final Map<String, List<Scale>> scales;

    private ReportedScales(Map<String, List<String>> ids, Map<String, List<Scale>> scales) {
        this.ids = ids;
        this.scales = scales;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What a reader of the object reports: every instance of every component that was read, with its scale. */
    public static ReportedScales of(WorkloadStructure structure) {
        Builder builder = builder();
        for (ComponentStructure component : structure.components().values()) {
            for (String id : component.instanceIds()) {
                InstanceStructure instance = component.instance(id);
                builder.instance(component.name(), id, instance == null ? null : instance.scale());
            }
        }
        return builder.build();
    }

    /** The instance ids reported for {@code component}, in report order; empty when it was not reported. */
    public List<String> instanceIds(String component) {
        return ids.getOrDefault(component, List.of());
    }

    /** The scales reported for {@code component}, aligned with {@link #instanceIds}. */
    public List<Scale> scales(String component) {
        return scales.getOrDefault(component, List.of());
    }

    /** Collects instances in report order; an instance reported twice keeps its first scale. */
    public static final class Builder {

        private final Map<String, List<String>> ids = new LinkedHashMap<>();
        private final Map<String, List<Scale>> scales = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * @param instanceId {@code ""} for the single instance of a component without instanceIdPath
         * @param scale      {@code null} or {@link Scale#ABSENT} when nothing was read
         */
        public Builder instance(String component, String instanceId, Scale scale) {
            Objects.requireNonNull(component, "component");
            Objects.requireNonNull(instanceId, "instanceId");
            List<String> known = ids.computeIfAbsent(component, c -> new ArrayList<>());
            if (!known.contains(instanceId)) {
                known.add(instanceId);
                scales.computeIfAbsent(component, c -> new ArrayList<>()).add(scale == null ? Scale.ABSENT : scale);
            }
            return this;
        }

        public ReportedScales build() {
            Map<String, List<String>> frozenIds = new LinkedHashMap<>();
            ids.forEach((k, v) -> frozenIds.put(k, List.copyOf(v)));
            Map<String, List<Scale>> frozenScales = new LinkedHashMap<>();
            scales.forEach((k, v) -> frozenScales.put(k, List.copyOf(v)));
            return new ReportedScales(Collections.unmodifiableMap(frozenIds), Collections.unmodifiableMap(frozenScales));
        }
    }
}
