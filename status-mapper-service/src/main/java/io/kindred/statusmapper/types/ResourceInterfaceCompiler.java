package io.kindred.statusmapper.types;

import java.util.List;
import java.util.stream.Collectors;

import io.kindred.ri.CompiledResourceInterface;
import io.kindred.ri.RiCompileException;
import io.kindred.ri.RiParseException;
import io.kindred.ri.RiParser;
import io.kindred.ri.model.ResourceInterfaceSpec;
import io.kindred.ri.validate.RiValidator;
import io.kindred.ri.validate.ValidationProblem;
import io.kindred.ri.validate.ValidationReport;
import org.jboss.logging.Logger;

/**
 * Turns the RI text of a workload-types record into a {@link CompiledResourceInterface}: parse, validate, compile
 * every jq once. The registry validates RIs before publishing them, so a failure here means a foreign or corrupted
 * record; it is reported (dead-letter topic) rather than applied. Warnings (what the reference accepts and Kindred
 * finds suspicious) are logged; an expression that does not compile fails alone, where it is evaluated.
 */
public class ResourceInterfaceCompiler {

    private static final Logger LOG = Logger.getLogger(ResourceInterfaceCompiler.class);

    /**
     * @param where names the record and version in error messages
     * @throws InvalidWorkloadTypeException naming the RI field path that is wrong
     */
    public CompiledResourceInterface compile(String where, String resourceInterfaceJson) throws InvalidWorkloadTypeException {
        ResourceInterfaceSpec spec;
        try {
            spec = RiParser.parse(resourceInterfaceJson);
        } catch (RiParseException e) {
            throw new InvalidWorkloadTypeException(where + ": Resource Interface does not parse at '" + e.getPath() + "': "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new InvalidWorkloadTypeException(where + ": Resource Interface does not parse: " + e.getMessage(), e);
        }
        ValidationReport report = RiValidator.check(spec);
        List<ValidationProblem> problems = report.errors();
        if (!report.warnings().isEmpty()) {
            // valid, as in the reference; said once per compiled version so that an operator can see why a part
            // reads nothing (an expression that fails when evaluated is reported again, per object, where it fails)
            LOG.warnf("%s: Resource Interface accepted with warnings: %s", where, report.warnings().stream()
                    .map(p -> p.path() + ": " + p.message()).collect(Collectors.joining("; ")));
        }
        if (!problems.isEmpty()) {
            throw new InvalidWorkloadTypeException(where + ": Resource Interface is invalid: " + problems.stream()
                    .map(p -> p.path() + ": " + p.message()).collect(Collectors.joining("; ")));
        }
        try {
            return CompiledResourceInterface.compile(spec);
        } catch (RiCompileException e) {
            throw new InvalidWorkloadTypeException(where + ": Resource Interface does not compile: " + e.getMessage(), e);
        }
    }
}
