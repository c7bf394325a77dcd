package io.kindred.registry.workloadtypes;

import com.fasterxml.jackson.databind.JsonNode;
import io.kindred.registry.errors.Problem;
import io.kindred.ri.RiParseException;
import io.kindred.ri.RiParser;
import io.kindred.ri.model.GroupVersionKind;
import io.kindred.ri.model.ResourceInterfaceSpec;
import io.kindred.ri.validate.RiValidator;
import io.kindred.ri.WorkloadTypeRules;
import io.kindred.ri.validate.ValidationProblem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the {@code resourceInterfaces} of a request with ri-core, collecting every problem (not just the first)
 * with its path in the request body, e.g. {@code resourceInterfaces[1].spec.structureDefinition.rootComponent.kind}.
 *
 * <p>The rules for one RI are ri-core's {@link WorkloadTypeRules} (also applied by every consumer of
 * {@code workload-types}): valid, compiled, its root the type's {@code name} and {@code group}, not a sensitive kind.
 * On top: the root kind's version is the RI's version, unique within the type.
 */
public final class ResourceInterfaceChecks {

    static final String FIELD = "resourceInterfaces";
    public static final int MAX_VERSIONS = WorkloadTypeRules.MAX_VERSIONS;

    private ResourceInterfaceChecks() {
    }

    /**
     * @param entries      the request's list (non-null)
     * @param expectedKind the type's name, or null when the name is itself invalid (then kinds are not compared)
     * @param expectedGroup the type's group, or null when invalid
     * @param problems     receives every problem found
     * @return the entries that passed, in request order (complete only when no problem was added)
     */
    public static List<CheckedInterface> check(List<JsonNode> entries, String expectedKind, String expectedGroup,
            List<Problem> problems) {
        String countProblem = WorkloadTypeRules.versionCountProblem(entries.size());
        if (countProblem != null) {
            problems.add(new Problem(FIELD, countProblem));
        }
        if (entries.size() > MAX_VERSIONS) {
            // not checked one by one: a body of thousands of small RIs would otherwise keep the event loop compiling
            // jq for seconds, to answer thousands of problems about a request that is refused anyway
            return List.of();
        }
        List<CheckedInterface> checked = new ArrayList<>();
        Map<String, Integer> versionIndex = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            String at = FIELD + "[" + i + "]";
            CheckedInterface ri = checkOne(i, entries.get(i), at, expectedKind, expectedGroup, problems);
            if (ri == null) {
                continue;
            }
            Integer earlier = versionIndex.putIfAbsent(ri.version(), i);
            if (earlier != null) {
                problems.add(new Problem(at + ".spec.structureDefinition.rootComponent.kind.version",
                        "version '" + ri.version() + "' is already described by " + FIELD + "[" + earlier + "]; versions must be unique"));
                continue;
            }
            checked.add(ri);
        }
        return checked;
    }

    static CheckedInterface checkOne(int index, JsonNode entry, String at, String expectedKind, String expectedGroup, List<Problem> problems) {
        if (entry == null || !entry.isObject()) {
            problems.add(new Problem(at, "must be an object such as {\"spec\": {\"structureDefinition\": …}}"));
            return null;
        }
        ResourceInterfaceSpec spec;
        try {
            spec = RiParser.parse(entry);
        } catch (RiParseException e) {
            problems.add(new Problem(join(at, e.getPath()), e.getProblem()));
            return null;
        }
        WorkloadTypeRules.CheckedResourceInterface checked =
                WorkloadTypeRules.checkResourceInterface(spec, expectedKind, expectedGroup, null);
        if (!checked.valid()) {
            for (ValidationProblem problem : checked.errors()) {
                problems.add(new Problem(join(at, problem.path()), problem.message()));
            }
            return null;
        }
        GroupVersionKind root = spec.rootComponent().kind();
        String group = root.group() == null ? "" : root.group();
        return new CheckedInterface(index, root.version(), root.kind(), group, spec, RiParser.toJson(spec));
    }

    /**
     * The rule between an RI and its type (root kind = the type's name, root group = its group), for RIs that
     * {@link #check} checked before the type was known (null expectations): cheap, no parsing or compiling.
     *
     * @return the interfaces that pass
     */
    public static List<CheckedInterface> checkRoots(List<CheckedInterface> interfaces, String expectedKind, String expectedGroup,
            List<Problem> problems) {
        List<CheckedInterface> passed = new ArrayList<>(interfaces.size());
        for (CheckedInterface ri : interfaces) {
            List<ValidationProblem> rootProblems = WorkloadTypeRules.rootProblems(ri.spec(), expectedKind, expectedGroup, null);
            for (ValidationProblem problem : rootProblems) {
                problems.add(new Problem(join(FIELD + "[" + ri.index() + "]", problem.path()), problem.message()));
            }
            if (rootProblems.isEmpty()) {
                passed.add(ri);
            }
        }
        return passed;
    }

    /**
     * Kindred's stricter findings on the request's RIs (ri-core's validation warnings: what the reference
     * implementation accepts but will not work as one might think), with paths into the request body. They do not
     * refuse the request. RIs that do not parse are skipped (their errors are {@link #check}'s).
     */
    public static List<Problem> warnings(List<JsonNode> entries) {
        List<Problem> warnings = new ArrayList<>();
        if (entries == null || entries.size() > MAX_VERSIONS) {
            return warnings;
        }
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            if (entry == null || !entry.isObject()) {
                continue;
            }
            try {
                for (ValidationProblem warning : RiValidator.check(RiParser.parse(entry)).warnings()) {
                    warnings.add(new Problem(join(FIELD + "[" + i + "]", warning.path()), warning.message()));
                }
            } catch (RiParseException e) {
                // reported by check
            }
        }
        return warnings;
    }

    private static String join(String at, String path) {
        return path == null || path.isEmpty() ? at : at + "." + path;
    }
}
