package io.kindred.ri.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kindred.ri.CompiledResourceInterface;
import io.kindred.ri.structure.RiEvaluationException;
import java.util.List;

/** {@code ri scale RI_FILE OBJECT_FILE COMPONENT [INSTANCE_ID]}: the subtree scale (gang size) under a component. */
final class ScaleCommand implements Command {

    @Override
    public String name() {
        return "scale";
    }

    @Override
    public String arguments() {
        return "RI_FILE OBJECT_FILE COMPONENT [INSTANCE_ID]";
    }

    @Override
    public String summary() {
        return "compute the subtree scale of a component (instance); prints {\"scale\":N}";
    }

    @Override
    public int run(List<String> args, CliContext context) {
        if (args.size() != 3 && args.size() != 4) {
            throw new UsageException("scale takes the RI file, the object file, a component name and optionally an instance id");
        }
        CompiledResourceInterface ri = context.compileForEvaluation(context.readRi(args.get(0)));
        JsonNode object = context.readObject(args.get(1), "object");
        long scale;
        try {
            scale = ri.subtreeScale(object, args.get(2), args.size() == 4 ? args.get(3) : null);
        } catch (RiEvaluationException e) {
            throw new CliFailure(CliContext.errorBody(List.of(problem(e))));
        }
        context.print(CliContext.NODES.objectNode().put("scale", scale));
        return RiCli.OK;
    }

    /** An evaluation failure as a problem of the error body: {@code {"path"?, "message"}}. */
    static ObjectNode problem(RiEvaluationException e) {
        ObjectNode node = CliContext.NODES.objectNode();
        if (e.getPath() != null) {
            node.put("path", e.getPath());
        }
        node.put("message", e.getProblem());
        return node;
    }
}
