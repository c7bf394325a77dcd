package io.kindred.workloadtypes;

import java.util.List;
import java.util.stream.Collectors;

import io.kindred.ri.CompiledResourceInterface;
import io.kindred.ri.RiParseException;
import io.kindred.ri.RiParser;
import io.kindred.ri.model.GroupVersionKind;
import io.kindred.ri.model.ResourceInterfaceSpec;
import io.kindred.ri.validate.ValidationProblem;
import io.kindred.ri.WorkloadTypeRules;
import org.jboss.logging.Logger;

/**
 * Turns the RI text of a workload-types record into a {@link CompiledResourceInterface}: parse, then the registry's
 * own acceptance rules ({@link WorkloadTypeRules}: valid, every jq compiled once, the root is the type's kind, group
 * and declared version and not a sensitive kind). The registry checks RIs before publishing them, so a failure here
 * means a foreign or corrupted record; it is reported (dead-letter topic) rather than applied. Warnings (what the
 * reference accepts and Kindred finds suspicious) are logged; an expression that does not compile fails alone, where
 * it is evaluated.
 */
public class ResourceInterfaceCompiler {

    private static final Logger LOG = Logger.getLogger(ResourceInterfaceCompiler.class);

    /**
     * @param where names the record and version in error messages
     * @param gvk   the kind and version the type declares this RI for: its root must be that kind
     * @throws InvalidWorkloadTypeException naming the RI field path that is wrong
     */
    public CompiledResourceInterface compile(String where, String resourceInterfaceJson, GroupVersionKind gvk)
            throws InvalidWorkloadTypeException {
        ResourceInterfaceSpec spec;
        try {
            spec = RiParser.parse(resourceInterfaceJson);
        } catch (RiParseException e) {
            throw new InvalidWorkloadTypeException(where + ": Resource Interface does not parse at '" + e.getPath() + "': "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new InvalidWorkloadTypeException(where + ": Resource Interface does not parse: " + e.getMessage(), e);
        }
        WorkloadTypeRules.CheckedResourceInterface checked =
                WorkloadTypeRules.checkResourceInterface(spec, gvk.kind(), gvk.group(), gvk.version());
        if (!checked.warnings().isEmpty()) {
            // valid, as in the reference; said once per compiled version so that an operator can see why a part
            // reads nothing (an expression that fails when evaluated is reported again, per object, where it fails)
            LOG.warnf("%s: Resource Interface accepted with warnings: %s", where, describe(checked.warnings()));
        }
        if (!checked.valid()) {
            throw new InvalidWorkloadTypeException(where + ": Resource Interface is refused: " + describe(checked.errors()));
        }
        return checked.compiled();
    }

    private static String describe(List<ValidationProblem> problems) {
        return problems.stream().map(p -> p.path() + ": " + p.message()).collect(Collectors.joining("; "));
    }
}
