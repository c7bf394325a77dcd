package io.kindred.ri.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kindred.ri.CompiledResourceInterface;
import io.kindred.ri.gang.PodResolution;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ri pod RI_FILE OBJECT_FILE POD_FILE [--component NAME]}: where a pod belongs — component, instance,
 * replica key, pod-group definition, group keys and minMember (null where none). {@code --component} skips
 * component inference. Exit 1 when something could not be resolved (the problems are in "errors").
 */
final class PodCommand implements Command {

    @Override
    public String name() {
        return "pod";
    }

    @Override
    public String arguments() {
        return "RI_FILE OBJECT_FILE POD_FILE [--component NAME]";
    }

    @Override
    public String summary() {
        return "resolve a pod; prints {\"component\",\"instanceId\",\"replicaKey\",\"podGroup\",\"groupKeys\",\"minMember\"[,\"errors\"]}";
    }

    @Override
    public int run(List<String> args, CliContext context) {
        List<String> files = new ArrayList<>();
        String component = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--component")) {
                if (component != null) {
                    throw new UsageException("--component is given twice");
                }
                if (i + 1 >= args.size() || args.get(i + 1).isEmpty()) {
                    throw new UsageException("--component needs a component name");
                }
                component = args.get(++i);
            } else if (arg.startsWith("--component=")) {
                if (component != null) {
                    throw new UsageException("--component is given twice");
                }
                component = arg.substring("--component=".length());
                if (component.isEmpty()) {
                    throw new UsageException("--component needs a component name");
                }
            } else if (arg.startsWith("--")) {
                throw new UsageException("unknown option " + arg);
            } else {
                files.add(arg);
            }
        }
        if (files.size() != 3) {
            throw new UsageException("pod takes three files: the RI, the object and the pod");
        }
        CompiledResourceInterface ri = context.compileForEvaluation(context.readRi(files.get(0)));
        JsonNode object = context.readObject(files.get(1), "object");
        JsonNode pod = context.readObject(files.get(2), "pod");
        PodResolution resolution = ri.resolvePod(object, pod, component);
        context.print(toJson(resolution));
        return resolution.isComplete() ? RiCli.OK : RiCli.FAILED;
    }

    static ObjectNode toJson(PodResolution resolution) {
        ObjectNode json = CliContext.NODES.objectNode();
        json.put("component", resolution.component());
        json.put("instanceId", resolution.instanceId());
        json.put("replicaKey", resolution.replicaKey());
        json.put("podGroup", resolution.podGroup());
        if (resolution.groupKeys() == null) {
            json.putNull("groupKeys");
        } else {
            ArrayNode keys = json.putArray("groupKeys");
            resolution.groupKeys().forEach(keys::add);
        }
        json.put("minMember", resolution.minMember());
        if (!resolution.isComplete()) {
            ArrayNode errors = json.putArray("errors");
            resolution.errors().forEach(errors::add);
        }
        return json;
    }
}
