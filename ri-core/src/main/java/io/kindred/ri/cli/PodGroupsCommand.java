package io.kindred.ri.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kindred.ri.CompiledResourceInterface;
import io.kindred.ri.gang.RiPodGroupRequirement;
import io.kindred.ri.structure.RiEvaluationException;
import java.util.List;

/**
 * {@code ri podgroups RI_FILE OBJECT_FILE}: the pod groups the workload needs before any pod exists. Each is
 * {@code {"name","minMember","members"}}, plus {@code "instanceId"} for a per-instance group and
 * {@code "perReplica":true,"replicas":n|null} for a group that exists once per replica.
 */
final class PodGroupsCommand implements Command {

    @Override
    public String name() {
        return "podgroups";
    }

    @Override
    public String arguments() {
        return "RI_FILE OBJECT_FILE";
    }

    @Override
    public String summary() {
        return "list the pod groups an object needs; prints {\"podGroups\":[{\"name\",\"minMember\",\"members\"}]}";
    }

    @Override
    public int run(List<String> args, CliContext context) {
        if (args.size() != 2) {
            throw new UsageException("podgroups takes two arguments: the RI file and the object file");
        }
        CompiledResourceInterface ri = context.compileForEvaluation(context.readRi(args.get(0)));
        JsonNode object = context.readObject(args.get(1), "object");
        List<RiPodGroupRequirement> groups;
        try {
            groups = ri.podGroups(object);
        } catch (RiEvaluationException e) {
            throw new CliFailure(CliContext.errorBody(List.of(ScaleCommand.problem(e))));
        }
        ObjectNode json = CliContext.NODES.objectNode();
        ArrayNode list = json.putArray("podGroups");
        for (RiPodGroupRequirement group : groups) {
            ObjectNode item = list.addObject();
            item.put("name", group.name());
            item.put("minMember", group.minMember());
            ArrayNode members = item.putArray("members");
            group.members().forEach(members::add);
            if (group.instanceId() != null) {
                item.put("instanceId", group.instanceId());
            }
            if (group.perReplica()) {
                item.put("perReplica", true);
                item.put("replicas", group.replicaCount());
            }
        }
        context.print(json);
        return RiCli.OK;
    }
}
