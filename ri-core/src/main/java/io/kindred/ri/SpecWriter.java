package io.kindred.ri;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kindred.ri.model.ComponentDefinition;
import io.kindred.ri.model.ConditionsDefinition;
import io.kindred.ri.model.ExpectedCondition;
import io.kindred.ri.model.GroupVersionKind;
import io.kindred.ri.model.PodGroupDefinition;
import io.kindred.ri.model.PodGroupMember;
import io.kindred.ri.model.PodSelector;
import io.kindred.ri.model.ResourceInterfaceSpec;
import io.kindred.ri.model.SpecDefinition;
import io.kindred.ri.model.StatusDefinition;
import io.kindred.ri.model.StatusMappings;
import io.kindred.ri.model.StatusMatcher;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes the model back as a JSON tree in the canonical form: fields in schema order, absent values and empty lists
 * left out, the CRD defaults spelled out. Two specs are equal exactly when their canonical JSON is equal.
 */
final class SpecWriter {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SpecWriter() {
    }

    static ObjectNode spec(ResourceInterfaceSpec spec) {
        ObjectNode out = NODES.objectNode();
        if (spec.structureDefinition() != null) {
            ObjectNode structure = out.putObject("structureDefinition");
            if (spec.structureDefinition().rootComponent() != null) {
                structure.set("rootComponent", component(spec.structureDefinition().rootComponent()));
            }
            putList(structure, "childComponents", spec.structureDefinition().childComponents(), SpecWriter::component);
            putList(structure, "additionalChildKinds", spec.structureDefinition().additionalChildKinds(), SpecWriter::gvk);
        }
        if (spec.optimizationInstructions() != null) {
            ObjectNode optimization = out.putObject("optimizationInstructions");
            if (spec.optimizationInstructions().gangScheduling() != null) {
                ObjectNode gang = optimization.putObject("gangScheduling");
                putList(gang, "podGroups", spec.optimizationInstructions().gangScheduling().podGroups(), SpecWriter::podGroup);
            }
        }
        return out;
    }

    private static ObjectNode component(ComponentDefinition c) {
        ObjectNode out = NODES.objectNode();
        put(out, "name", c.name());
        if (c.kind() != null) {
            out.set("kind", gvk(c.kind()));
        }
        put(out, "ownerRef", c.ownerRef());
        if (c.specDefinition() != null) {
            SpecDefinition spec = c.specDefinition();
            ObjectNode node = out.putObject("specDefinition");
            put(node, "podTemplateSpecPath", spec.podTemplateSpecPath());
            put(node, "podSpecPath", spec.podSpecPath());
            put(node, "metadataPath", spec.metadataPath());
            if (spec.fragmentedPodSpecDefinition() != null) {
                ObjectNode fragmented = node.putObject("fragmentedPodSpecDefinition");
                for (Map.Entry<String, String> e : spec.fragmentedPodSpecDefinition().paths().entrySet()) {
                    fragmented.put(e.getKey(), e.getValue());
                }
            }
        }
        if (c.scaleDefinition() != null) {
            ObjectNode node = out.putObject("scaleDefinition");
            put(node, "replicasPath", c.scaleDefinition().replicasPath());
            put(node, "minReplicasPath", c.scaleDefinition().minReplicasPath());
            put(node, "maxReplicasPath", c.scaleDefinition().maxReplicasPath());
        }
        if (c.statusDefinition() != null) {
            out.set("statusDefinition", status(c.statusDefinition()));
        }
        put(out, "instanceIdPath", c.instanceIdPath());
        if (c.podSelector() != null) {
            PodSelector selector = c.podSelector();
            ObjectNode node = out.putObject("podSelector");
            if (selector.componentTypeSelector() != null) {
                ObjectNode type = node.putObject("componentTypeSelector");
                put(type, "keyPath", selector.componentTypeSelector().keyPath());
                put(type, "value", selector.componentTypeSelector().value());
            }
            if (selector.componentInstanceSelector() != null) {
                put(node.putObject("componentInstanceSelector"), "idPath", selector.componentInstanceSelector().idPath());
            }
            if (selector.replicaSelector() != null) {
                put(node.putObject("replicaSelector"), "keyPath", selector.replicaSelector().keyPath());
            }
        }
        return out;
    }

    private static ObjectNode status(StatusDefinition status) {
        ObjectNode out = NODES.objectNode();
        if (status.phaseDefinition() != null) {
            put(out.putObject("phaseDefinition"), "path", status.phaseDefinition().path());
        }
        if (status.conditionsDefinition() != null) {
            ConditionsDefinition conditions = status.conditionsDefinition();
            ObjectNode node = out.putObject("conditionsDefinition");
            put(node, "path", conditions.path());
            put(node, "typeFieldName", conditions.typeFieldName());
            put(node, "statusFieldName", conditions.statusFieldName());
            put(node, "messageFieldName", conditions.messageFieldName());
            put(node, "reasonFieldName", conditions.reasonFieldName());
        }
        StatusMappings mappings = status.statusMappings();
        ObjectNode node = out.putObject("statusMappings");
        putList(node, "initializing", mappings.initializing(), SpecWriter::matcher);
        putList(node, "running", mappings.running(), SpecWriter::matcher);
        putList(node, "completed", mappings.completed(), SpecWriter::matcher);
        putList(node, "failed", mappings.failed(), SpecWriter::matcher);
        putList(node, "degraded", mappings.degraded(), SpecWriter::matcher);
        return out;
    }

    private static ObjectNode matcher(StatusMatcher matcher) {
        ObjectNode out = NODES.objectNode();
        put(out, "byPhase", matcher.byPhase());
        putList(out, "byConditions", matcher.byConditions(), SpecWriter::expectedCondition);
        if (matcher.byExpression() != null) {
            ObjectNode node = out.putObject("byExpression");
            put(node, "expression", matcher.byExpression().expression());
            put(node, "expectedResult", matcher.byExpression().expectedResult());
        }
        return out;
    }

    private static ObjectNode expectedCondition(ExpectedCondition condition) {
        ObjectNode out = NODES.objectNode();
        put(out, "type", condition.type());
        put(out, "status", condition.status());
        put(out, "reason", condition.reason());
        return out;
    }

    private static ObjectNode gvk(GroupVersionKind gvk) {
        ObjectNode out = NODES.objectNode();
        put(out, "group", gvk.group());
        put(out, "version", gvk.version());
        put(out, "kind", gvk.kind());
        return out;
    }

    private static ObjectNode podGroup(PodGroupDefinition group) {
        ObjectNode out = NODES.objectNode();
        put(out, "name", group.name());
        putList(out, "members", group.members(), SpecWriter::member);
        return out;
    }

    private static ObjectNode member(PodGroupMember member) {
        ObjectNode out = NODES.objectNode();
        put(out, "componentName", member.componentName());
        putStrings(out, "groupByKeyPaths", member.groupByKeyPaths());
        putStrings(out, "filters", member.filters());
        return out;
    }

    private static void put(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static void putStrings(ObjectNode node, String field, List<String> values) {
        if (!values.isEmpty()) {
            ArrayNode array = node.putArray(field);
            values.forEach(array::add);
        }
    }

    private static <T> void putList(ObjectNode node, String field, List<T> values, Function<T, ObjectNode> writer) {
        if (!values.isEmpty()) {
            ArrayNode array = node.putArray(field);
            values.forEach(v -> array.add(writer.apply(v)));
        }
    }
}
