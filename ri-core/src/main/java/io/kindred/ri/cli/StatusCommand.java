package io.kindred.ri.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kindred.ri.CompiledResourceInterface;
import io.kindred.ri.status.RiCondition;
import io.kindred.ri.status.StatusResult;
import java.util.List;

/**
 * {@code ri status RI_FILE OBJECT_FILE}: the workload's state, matched statuses, phase and conditions; exit 1 when
 * the evaluation reported errors (they are in the body's "errors").
 */
final class StatusCommand implements Command {

    @Override
    public String name() {
        return "status";
    }

    @Override
    public String arguments() {
        return "RI_FILE OBJECT_FILE";
    }

    @Override
    public String summary() {
        return "evaluate an object's status; prints {\"state\",\"matchedStatuses\",\"phase\",\"conditions\"[,\"errors\"]}";
    }

    @Override
    public int run(List<String> args, CliContext context) {
        if (args.size() != 2) {
            throw new UsageException("status takes two arguments: the RI file and the object file");
        }
        CompiledResourceInterface ri = context.compileForEvaluation(context.readRi(args.get(0)));
        JsonNode object = context.readObject(args.get(1), "object");
        StatusResult result = ri.status(object);
        context.print(toJson(result));
        return result.hasErrors() ? 1 : 0;
    }

    static ObjectNode toJson(StatusResult result) {
        ObjectNode json = CliContext.NODES.objectNode();
        json.put("state", result.state().displayName());
        ArrayNode matched = json.putArray("matchedStatuses");
        result.matchedStatuses().forEach(matched::add);
        json.put("phase", result.phase());
        ArrayNode conditions = json.putArray("conditions");
        for (RiCondition condition : result.conditions()) {
            conditions.addObject()
                    .put("type", condition.type())
                    .put("status", condition.status())
                    .put("reason", condition.reason())
                    .put("message", condition.message());
        }
        if (result.hasErrors()) {
            ArrayNode errors = json.putArray("errors");
            result.errors().forEach(errors::add);
        }
        return json;
    }
}
