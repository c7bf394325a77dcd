package io.kindred.ri;

import io.kindred.ri.model.ComponentDefinition;
import io.kindred.ri.model.GroupVersionKind;
import io.kindred.ri.model.ResourceInterfaceSpec;
import io.kindred.ri.validate.RiValidator;
import io.kindred.ri.validate.ValidationProblem;
import io.kindred.ri.validate.ValidationReport;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What makes a workload type acceptable, wherever it comes from: the registry applies these rules to a request, and
 * every consumer of {@code workload-types} applies them again to each record, because anyone who can write to the
 * topic could otherwise make a service watch (and publish from) any kind. On top of {@link RiValidator}'s rules for
 * one RI:
 * <ul>
 *   <li>the type's name is a Kubernetes Kind and its group an API group (Run:ai's patterns; {@code ""} is the core
 *       group);</li>
 *   <li>a type has at most {@value #MAX_VERSIONS} RIs (CRD versions);</li>
 *   <li>each RI's root kind is the type's name, its group the type's group, its version the version the RI is
 *       declared for;</li>
 *   <li>the root kind is not a sensitive kind: Secret, ConfigMap, ServiceAccount of the core group, or any kind of
 *       the groups that hold credentials and permissions (RBAC, authentication, authorization, certificates,
 *       admission registration). Watching those would put their data into a service's cache and let an RI's jq copy
 *       it into a published status. Only the root is checked: a child component's kind is never watched or read
 *       (a built-in RI lists ConfigMap as a child).</li>
 * </ul>
 * Thread-safe; stateless.
 */
public final class WorkloadTypeRules {

    /** Run:ai's pattern for a workload type's name (a Kubernetes Kind). */
    public static final Pattern NAME_PATTERN = Pattern.compile("^[A-Z][a-z0-9]*([A-Z][a-z0-9]*)*$");
    /** Run:ai's pattern for a non-core API group. */
    public static final Pattern GROUP_PATTERN = Pattern.compile("^[a-z](?:[a-z0-9.-]*[a-z0-9])?$");
    public static final int MAX_VERSIONS = 4;
    /** Kinds of the core group that hold credentials or configuration data. */
    public static final Set<String> SENSITIVE_CORE_KINDS = Set.of("Secret", "ConfigMap", "ServiceAccount");
    /** Groups whose every kind is about credentials or permissions. */
    public static final Set<String> SENSITIVE_GROUPS = Set.of("rbac.authorization.k8s.io", "authentication.k8s.io",
            "authorization.k8s.io", "certificates.k8s.io", "admissionregistration.k8s.io");

    private WorkloadTypeRules() {
    }

    /** Why {@code group/kind} may not be a workload type, or {@code null} when it may. */
    public static String sensitiveKind(String group, String kind) {
        String g = group == null ? "" : group;
        if (g.isEmpty() && SENSITIVE_CORE_KINDS.contains(kind)) {
            return "'" + kind + "' holds credentials or configuration data and cannot be a workload type";
        }
        if (SENSITIVE_GROUPS.contains(g)) {
            return "kinds of the group '" + g + "' hold credentials or permissions and cannot be workload types";
        }
        return null;
    }

    /** Problem with the type's name (field {@code name}), or {@code null}. */
    public static String nameProblem(String name) {
        if (name == null) {
            return "is required (the Kubernetes Kind, e.g. PyTorchJob)";
        }
        if (!NAME_PATTERN.matcher(name).matches()) {
            return "'" + name + "' is not a Kubernetes Kind: it must match " + NAME_PATTERN.pattern();
        }
        return null;
    }

    /** Problem with the type's Kubernetes group (field {@code group}; {@code ""} is the core group), or {@code null}. */
    public static String groupProblem(String group) {
        if (group == null) {
            return "is required (the Kubernetes API group, e.g. kubeflow.org; core for the core group)";
        }
        if (!group.isEmpty() && !GROUP_PATTERN.matcher(group).matches()) {
            return "'" + group + "' is not an API group: it must match " + GROUP_PATTERN.pattern();
        }
        return null;
    }

    /** Problem with the number of RIs a type declares, or {@code null}. */
    public static String versionCountProblem(int versions) {
        if (versions < 1) {
            return "at least one Resource Interface is required (one per supported CRD version)";
        }
        if (versions > MAX_VERSIONS) {
            return "at most " + MAX_VERSIONS + " Resource Interfaces (CRD versions) per workload type, found " + versions;
        }
        return null;
    }

    /**
     * The outcome of {@link #checkResourceInterface}.
     *
     * @param compiled the compiled RI, {@code null} when there are errors
     * @param errors   every reason to refuse it, with paths relative to the RI document
     * @param warnings findings that do not refuse it ({@link ValidationReport#warnings()})
     */
    public record CheckedResourceInterface(CompiledResourceInterface compiled, List<ValidationProblem> errors,
            List<ValidationProblem> warnings) {

        public boolean valid() {
            return errors.isEmpty();
        }
    }

    /**
     * Validates one RI of a type, compiles it, and checks that its root is the type's kind.
     *
     * @param expectedKind    the type's name, or {@code null} when it is itself invalid (not compared then)
     * @param expectedGroup   the type's group, or {@code null} when invalid
     * @param expectedVersion the version the RI is declared for, or {@code null} when the RI's root names it
     */
    public static CheckedResourceInterface checkResourceInterface(ResourceInterfaceSpec spec, String expectedKind,
            String expectedGroup, String expectedVersion) {
        ValidationReport report = RiValidator.check(spec);
        if (!report.valid()) {
            return new CheckedResourceInterface(null, report.errors(), report.warnings());
        }
        CompiledResourceInterface compiled;
        try {
            compiled = CompiledResourceInterface.compile(spec);
        } catch (RiCompileException e) {
            return new CheckedResourceInterface(null, List.copyOf(new LinkedHashSet<>(e.getProblems())),
                    report.warnings());
        }
        List<ValidationProblem> errors = rootProblems(spec.rootComponent(), expectedKind, expectedGroup, expectedVersion);
        return new CheckedResourceInterface(errors.isEmpty() ? compiled : null, errors, report.warnings());
    }

    /**
     * The rules between an already valid, compiled RI and its type (root kind, group, version, not a sensitive kind),
     * for a caller that checked the RI on its own before the type was known; cheap (no validation, no compiling).
     * Arguments as {@link #checkResourceInterface}.
     */
    public static List<ValidationProblem> rootProblems(ResourceInterfaceSpec spec, String expectedKind,
            String expectedGroup, String expectedVersion) {
        return rootProblems(spec.rootComponent(), expectedKind, expectedGroup, expectedVersion);
    }

    private static List<ValidationProblem> rootProblems(ComponentDefinition rootComponent, String expectedKind,
            String expectedGroup, String expectedVersion) {
        List<ValidationProblem> problems = new ArrayList<>();
        GroupVersionKind root = rootComponent.kind();
        String kindPath = ResourceInterfaceSpec.ROOT_COMPONENT_PATH + ".kind";
        String group = root.group() == null ? "" : root.group();
        if (expectedKind != null && !expectedKind.equals(root.kind())) {
            problems.add(new ValidationProblem(kindPath + ".kind", "the root kind '" + root.kind()
                    + "' must equal the workload type name '" + expectedKind + "'"));
        }
        if (expectedGroup != null && !expectedGroup.equals(group)) {
            problems.add(new ValidationProblem(kindPath + ".group", "the root group '" + group
                    + "' must equal the workload type group '" + expectedGroup + "'" + (expectedGroup.isEmpty()
                    ? " (the core group: the type may call it core, the RI names it \"\" as Kubernetes does)" : "")));
        }
        if (expectedVersion != null && !expectedVersion.equals(root.version())) {
            problems.add(new ValidationProblem(kindPath + ".version", "the root version '" + root.version()
                    + "' must equal the version '" + expectedVersion + "' the Resource Interface is declared for"));
        }
        String sensitive = sensitiveKind(group, root.kind());
        if (sensitive != null) {
            problems.add(new ValidationProblem(kindPath + ".kind", sensitive));
        }
        return problems;
    }
}
