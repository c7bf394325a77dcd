package io.kindred.ri.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kindred.ri.model.ResourceInterfaceSpec;
import io.kindred.ri.validate.RiValidator;
import io.kindred.ri.validate.ValidationReport;
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
        return "check an RI; prints {\"valid\":true|false,\"errors\"?:[{\"path\",\"message\"}],\"warnings\"?:[…]}; exit 0 when valid (warnings only)";
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
        ValidationReport report = RiValidator.check(spec);
        result.put("valid", report.valid());
        if (!report.errors().isEmpty()) {
            ArrayNode errors = result.putArray("errors");
            report.errors().forEach(p -> errors.add(CliContext.problem(p)));
        }
        if (!report.warnings().isEmpty()) {
            ArrayNode warnings = result.putArray("warnings");
            report.warnings().forEach(p -> warnings.add(CliContext.problem(p)));
        }
        context.print(result);
        return report.valid() ? 0 : 1;
    }
}
