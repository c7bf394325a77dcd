package io.kindred.ri.structure;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an RI reads from a workload object for one component instance. Absent values are {@code null}: a path the
 * component does not define, a path that failed (see {@link WorkloadStructure#errors()}), or a path that yielded
 * {@code null}.
 *
 * @param id                the instance id; {@code ""} for the single instance of a component without instanceIdPath
 * @param scale             replica counts, or {@code null} when the component has no scaleDefinition
 * @param podTemplateSpec   the value of podTemplateSpecPath for this instance
 * @param podSpec           the value of podSpecPath for this instance
 * @param metadata          the value of metadataPath for this instance
 * @param fragmentedPodSpec the non-null values of the fragmentedPodSpecDefinition paths for this instance, keyed by
 *                          field name without the {@code Path} suffix ({@code schedulerName}, {@code labels}, …), in
 *                          schema order; {@code null} when the component has no fragmentedPodSpecDefinition
 */
public record InstanceStructure(
        String id,
        Scale scale,
        JsonNode podTemplateSpec,
        JsonNode podSpec,
        JsonNode metadata,
        Map<String, JsonNode> fragmentedPodSpec) {

    public InstanceStructure {
        fragmentedPodSpec = fragmentedPodSpec == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(fragmentedPodSpec));
    }
}
