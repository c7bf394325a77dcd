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

/**
 * Turns the RI text of a workload-types record into a {@link CompiledResourceInterface}: parse, validate, compile
 * every jq once. The registry validates RIs before publishing them, so a failure here means a foreign or corrupted
 * record; it is reported (dead-letter topic) rather than applied.
 */
public class ResourceInterfaceCompiler {

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
        List<ValidationProblem> problems = RiValidator.validate(spec);
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
