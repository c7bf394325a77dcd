package io.kindred.ri.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kindred.ri.model.ResourceInterfaceSpec;
import io.kindred.ri.validate.RiValidator;
import io.kindred.ri.validate.ValidationProblem;
import java.util.List;

/** {@code ri validate RI_FILE}: {"valid":true}, or {"valid":false,"errors":[{"path","message"}]} and exit 1. */
final class ValidateCommand implements Command {

    @Override
    public String name() {
        return "validate";
    }

    @Override
    public String arguments() {
        return "RI_FILE";
    }

    @Override
    public String summary() {
        return "check an RI; prints {\"valid\":true} or {\"valid\":false,\"errors\":[{\"path\",\"message\"}]}";
    }

    @Override
    public int run(List<String> args, CliContext context) {
        if (args.size() != 1) {
            throw new UsageException("validate takes exactly one argument, the RI file");
        }
        ObjectNode result = CliContext.NODES.objectNode();
        ResourceInterfaceSpec spec;
        try {
            spec = context.readRi(args.get(0));
        } catch (CliFailure failure) {
            result.put("valid", false);
            result.set("errors", failure.body().get("errors"));
            context.print(result);
            return 1;
        }
        List<ValidationProblem> problems = RiValidator.validate(spec);
        result.put("valid", problems.isEmpty());
        if (!problems.isEmpty()) {
            ArrayNode errors = result.putArray("errors");
            problems.forEach(p -> errors.add(CliContext.problem(p)));
        }
        context.print(result);
        return problems.isEmpty() ? 0 : 1;
    }
}
