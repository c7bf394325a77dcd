package io.kindred.ri.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kindred.ri.CompiledResourceInterface;
import io.kindred.ri.structure.ComponentStructure;
import io.kindred.ri.structure.InstanceStructure;
import io.kindred.ri.structure.Scale;
import io.kindred.ri.structure.WorkloadStructure;
import java.util.List;

/**
 * {@code ri structure RI_FILE OBJECT_FILE}: every component with its instance ids and, per instance, the replica
 * counts and pod specs the RI reads (absent values omitted; the single instance of a component without
 * instanceIdPath has id ""). Exit 1 when some of it could not be read (the problems are in "errors").
 */
final class StructureCommand implements Command {

    @Override
    public String name() {
        return "structure";
    }

    @Override
    public String arguments() {
        return "RI_FILE OBJECT_FILE";
    }

    @Override
    public String summary() {
        return "read an object's components; prints {\"components\":{NAME:{\"instanceIds\",\"instances\"}}[,\"errors\"]}";
    }

    @Override
    public int run(List<String> args, CliContext context) {
        if (args.size() != 2) {
            throw new UsageException("structure takes two arguments: the RI file and the object file");
        }
        CompiledResourceInterface ri = context.compileForEvaluation(context.readRi(args.get(0)));
        JsonNode object = context.readObject(args.get(1), "object");
        WorkloadStructure structure = ri.structure(object);
        context.print(toJson(structure));
        return structure.isComplete() ? RiCli.OK : RiCli.FAILED;
    }

    static ObjectNode toJson(WorkloadStructure structure) {
        ObjectNode json = CliContext.NODES.objectNode();
        ObjectNode components = json.putObject("components");
        for (ComponentStructure component : structure.components().values()) {
            ObjectNode componentJson = components.putObject(component.name());
            ArrayNode ids = componentJson.putArray("instanceIds");
            component.instanceIds().forEach(ids::add);
            ObjectNode instances = componentJson.putObject("instances");
            for (InstanceStructure instance : component.instances().values()) {
                ObjectNode instanceJson = instances.putObject(instance.id());
                if (instance.scale() != null) {
                    instanceJson.set("scale", toJson(instance.scale()));
                }
                putIfPresent(instanceJson, "podTemplateSpec", instance.podTemplateSpec());
                putIfPresent(instanceJson, "podSpec", instance.podSpec());
                putIfPresent(instanceJson, "metadata", instance.metadata());
                if (instance.fragmentedPodSpec() != null && !instance.fragmentedPodSpec().isEmpty()) {
                    ObjectNode fragments = instanceJson.putObject("fragmentedPodSpec");
                    instance.fragmentedPodSpec().forEach(fragments::set);
                }
            }
        }
        if (!structure.isComplete()) {
            ArrayNode errors = json.putArray("errors");
            structure.errors().forEach(errors::add);
        }
        return json;
    }

    private static ObjectNode toJson(Scale scale) {
        ObjectNode json = CliContext.NODES.objectNode();
        if (scale.replicas() != null) {
            json.put("replicas", scale.replicas());
        }
        if (scale.minReplicas() != null) {
            json.put("minReplicas", scale.minReplicas());
        }
        if (scale.maxReplicas() != null) {
            json.put("maxReplicas", scale.maxReplicas());
        }
        return json;
    }

    private static void putIfPresent(ObjectNode json, String field, JsonNode value) {
        if (value != null) {
            json.set(field, value);
        }
    }
}
