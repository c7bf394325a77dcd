package io.kindred.ri.validate;

import io.kindred.ri.jq.JqException;
import io.kindred.ri.jq.JqExpression;
import io.kindred.ri.jq.JqLimits;
import io.kindred.ri.jq.JqUndefinedFunctionException;
import io.kindred.ri.model.ComponentDefinition;
import io.kindred.ri.model.ExpectedCondition;
import io.kindred.ri.model.GroupVersionKind;
import io.kindred.ri.model.JqField;
import io.kindred.ri.model.PodGroupDefinition;
import io.kindred.ri.model.PodGroupMember;
import io.kindred.ri.model.PodSelector;
import io.kindred.ri.model.ResourceInterfaceSpec;
import io.kindred.ri.model.StatusDefinition;
import io.kindred.ri.model.StatusMappings;
import io.kindred.ri.model.StatusMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks what an RI means, reporting every problem at once, each with the JSON path of its field. Errors are what
 * the reference implementation (run-ai/karta) refuses plus a few real hazards; Kindred's stricter findings on what
 * the reference accepts are warnings ({@link ValidationReport}).
 *
 * <p>Errors:
 * <ul>
 *   <li>Component names are non-empty and unique. Duplicate names are reported alone: when there are any, nothing
 *       else is checked (every other rule relies on names).</li>
 *   <li>The root has a kind with a version and a kind; its group may be empty only for a kind of the core API group
 *       (Pod, Service …). Only the root's kind is checked — children may leave theirs out.</li>
 *   <li>The root has no ownerRef and has a statusDefinition. Every child has an ownerRef
 *       ({@code ""} counts as missing) naming an existing component; following ownerRefs reaches the root without a
 *       cycle (checked only when the other structural rules hold).</li>
 *   <li>A specDefinition has at most one pod spec definition (podTemplateSpecPath, podSpecPath,
 *       fragmentedPodSpecDefinition; metadataPath does not count). instanceIdPath and componentInstanceSelector
 *       come together or not at all.</li>
 *   <li>Pod group members name existing components (reference); pod group names are unique and a component is a
 *       member of a group at most once (hazards: colliding pod groups, a gang counted twice).</li>
 *   <li>Every jq expression parses and passes the jq safety rules ({@link io.kindred.ri.jq}).</li>
 *   <li>Size limits: {@value #MAX_COMPONENTS} components, {@value #MAX_POD_GROUPS} pod groups,
 *       {@value #MAX_MEMBERS} members per group, {@value #MAX_KEY_PATHS} groupByKeyPaths and filters per member,
 *       {@value #MAX_MATCHERS} matchers per status, {@value #MAX_EXPECTED_CONDITIONS} conditions per matcher,
 *       {@value #MAX_ADDITIONAL_KINDS} additionalChildKinds, names of at most {@value #MAX_NAME_LENGTH}
 *       characters, and the jq limits of {@link JqLimits#DEFAULT}.</li>
 * </ul>
 * <p>Warnings: fields the CRD requires left out (phase and conditions paths, condition types, byExpression's
 * expression and expectedResult, selector paths, pod group names and members), a statusDefinition mapping no
 * status (every object reads Undefined), and jq expressions calling a function jq does not define (they fail when
 * evaluated). An empty jq expression is absent (the parser drops it), as in the reference.
 * Thread-safe; stateless.
 */
public final class RiValidator {

    public static final int MAX_COMPONENTS = 64;
    public static final int MAX_POD_GROUPS = 32;
    public static final int MAX_MEMBERS = 32;
    public static final int MAX_KEY_PATHS = 16;
    public static final int MAX_MATCHERS = 32;
    public static final int MAX_EXPECTED_CONDITIONS = 32;
    public static final int MAX_ADDITIONAL_KINDS = 64;
    public static final int MAX_NAME_LENGTH = 253;

    /** Kinds of the core API group ("" group, version v1) that can own pods or be a workload's root. */
    static final Set<String> CORE_KINDS = Set.of("Pod", "PodTemplate", "ReplicationController", "Service",
            "ConfigMap", "Secret", "PersistentVolumeClaim", "PersistentVolume", "ServiceAccount", "Namespace", "Node",
            "Endpoints", "Event", "LimitRange", "ResourceQuota");

    private RiValidator() {
    }

    /** Every error of {@code spec}; empty when it is valid. Warnings: {@link #check}. */
    public static List<ValidationProblem> validate(ResourceInterfaceSpec spec) {
        return check(spec).errors();
    }

    /** Every error and every warning of {@code spec}. */
    public static ValidationReport check(ResourceInterfaceSpec spec) {
        Run run = new Run(spec);
        run.validate();
        return new ValidationReport(run.problems, run.warnings);
    }

    private static final class Run {
        private final ResourceInterfaceSpec spec;
        private final List<ComponentDefinition> components;
        /** The non-empty component names, in definition order. */
        private final Set<String> names = new LinkedHashSet<>();
        private final List<ValidationProblem> problems = new ArrayList<>();
        private final List<ValidationProblem> warnings = new ArrayList<>();

        Run(ResourceInterfaceSpec spec) {
            this.spec = spec;
            this.components = spec.components();
            for (ComponentDefinition component : components) {
                if (!empty(component.name())) {
                    names.add(component.name());
                }
            }
        }

        private void problem(String path, String message) {
            problems.add(new ValidationProblem(path, message));
        }

        /** A finding on something the reference implementation accepts: the RI stays valid. */
        private void warning(String path, String message) {
            warnings.add(new ValidationProblem(path, message));
        }

        void validate() {
            if (spec.structureDefinition() == null || spec.rootComponent() == null) {
                problem(ResourceInterfaceSpec.ROOT_COMPONENT_PATH, "the RI needs a rootComponent");
                return;
            }
            if (checkDuplicateNames()) {
                return;
            }
            if (components.size() > MAX_COMPONENTS) {
                problem(ResourceInterfaceSpec.CHILD_COMPONENTS_PATH, "an RI may have at most " + MAX_COMPONENTS
                        + " components; this one has " + components.size());
            }
            int additional = spec.structureDefinition().additionalChildKinds().size();
            if (additional > MAX_ADDITIONAL_KINDS) {
                problem("spec.structureDefinition.additionalChildKinds", "at most " + MAX_ADDITIONAL_KINDS
                        + " additional child kinds are allowed; there are " + additional);
            }
            checkRoot(spec.rootComponent());
            boolean structural = checkComponents();
            if (structural) {
                checkCycles();
            }
            checkPodGroups();
            checkExpressions();
        }

        /** Reports empty and duplicate names; returns true when duplicates were found (they are reported alone). */
        private boolean checkDuplicateNames() {
            Map<String, String> firstPath = new HashMap<>();
            boolean duplicates = false;
            for (int i = 0; i < components.size(); i++) {
                String name = components.get(i).name();
                if (name == null || name.isEmpty()) {
                    continue;
                }
                String path = ResourceInterfaceSpec.componentPath(i);
                String previous = firstPath.putIfAbsent(name, path);
                if (previous != null) {
                    problem(path + ".name", "duplicate component name \"" + name + "\" (already used by " + previous
                            + "); component names must be unique");
                    duplicates = true;
                }
            }
            return duplicates;
        }

        private void checkRoot(ComponentDefinition root) {
            String path = ResourceInterfaceSpec.ROOT_COMPONENT_PATH;
            GroupVersionKind kind = root.kind();
            if (kind == null) {
                problem(path + ".kind", "the root component needs a kind: {group, version, kind} of the workload's resource");
            } else {
                if (empty(kind.version())) {
                    problem(path + ".kind.version", "the root component's kind needs a version, e.g. v1");
                }
                if (empty(kind.kind())) {
                    problem(path + ".kind.kind", "the root component's kind needs a kind, e.g. PyTorchJob");
                }
                if (empty(kind.group()) && !empty(kind.kind()) && !CORE_KINDS.contains(kind.kind())) {
                    problem(path + ".kind.group", "the group is empty, which means the core API group, but "
                            + kind.kind() + " is not a core kind; give its API group (e.g. kubeflow.org)");
                }
            }
            if (!empty(root.ownerRef())) {
                problem(path + ".ownerRef", "the root component cannot have an ownerRef; only children name their parent");
            }
            if (root.statusDefinition() == null) {
                problem(path + ".statusDefinition", "the root component needs a statusDefinition: it is how the "
                        + "workload's health is read");
            } else {
                StatusMappings mappings = root.statusDefinition().statusMappings();
                if (mappings.initializing().isEmpty() && mappings.running().isEmpty() && mappings.completed().isEmpty()
                        && mappings.failed().isEmpty() && mappings.degraded().isEmpty()) {
                    warning(path + ".statusDefinition.statusMappings", "the statusDefinition maps no status, so every "
                            + "object reads Undefined; map at least one of initializing, running, completed, failed, "
                            + "degraded");
                }
            }
        }

        /** Checks every component; returns true when the ownership structure is sound enough for the cycle check. */
        private boolean checkComponents() {
            boolean structural = true;
            for (int i = 0; i < components.size(); i++) {
                ComponentDefinition component = components.get(i);
                String path = ResourceInterfaceSpec.componentPath(i);
                if (empty(component.name())) {
                    problem(path + ".name", "every component needs a name");
                    structural = false;
                } else if (component.name().length() > MAX_NAME_LENGTH) {
                    problem(path + ".name", "a component name may be at most " + MAX_NAME_LENGTH + " characters long");
                }
                if (i > 0) {
                    if (empty(component.ownerRef())) {
                        problem(path + ".ownerRef", "a child component needs an ownerRef naming its parent component");
                        structural = false;
                    } else if (!names.contains(component.ownerRef())) {
                        problem(path + ".ownerRef", "ownerRef \"" + component.ownerRef()
                                + "\" names no component of this RI; known components: " + knownComponents());
                        structural = false;
                    }
                }
                checkSpecDefinition(component, path);
                checkInstances(component, path);
                checkStatusDefinition(component.statusDefinition(), path + ".statusDefinition");
            }
            return structural;
        }

        /**
         * The component names for an error message: all of them in an RI within the size limit, the first
         * {@value #MAX_COMPONENTS} otherwise (each unknown ownerRef repeats the list, which must not grow with the
         * square of the components).
         */
        private String knownComponents() {
            if (names.size() <= MAX_COMPONENTS) {
                return String.join(", ", names);
            }
            return String.join(", ", names.stream().limit(MAX_COMPONENTS).toList()) + ", … (" + names.size()
                    + " in all)";
        }

        private void checkSpecDefinition(ComponentDefinition component, String path) {
            if (component.specDefinition() != null && component.specDefinition().podSpecDefinitionCount() > 1) {
                problem(path + ".specDefinition", "a specDefinition may use only one of podTemplateSpecPath, podSpecPath "
                        + "and fragmentedPodSpecDefinition (metadataPath may accompany podSpecPath)");
            }
        }

        private void checkInstances(ComponentDefinition component, String path) {
            PodSelector selector = component.podSelector();
            boolean hasInstanceSelector = selector != null && selector.componentInstanceSelector() != null;
            if (component.instanceIdPath() != null && !hasInstanceSelector) {
                problem(path + ".podSelector.componentInstanceSelector", "a component with an instanceIdPath needs a "
                        + "podSelector.componentInstanceSelector to tell which instance a pod belongs to");
            }
            if (hasInstanceSelector && component.instanceIdPath() == null) {
                problem(path + ".instanceIdPath", "a component with a podSelector.componentInstanceSelector needs an "
                        + "instanceIdPath listing its instances");
            }
            if (selector != null) {
                if (selector.componentTypeSelector() != null && empty(selector.componentTypeSelector().keyPath())) {
                    warning(path + ".podSelector.componentTypeSelector.keyPath", "keyPath is required by the CRD; without it "
                            + "no pod is recognised as this component's");
                }
                if (hasInstanceSelector && empty(selector.componentInstanceSelector().idPath())) {
                    warning(path + ".podSelector.componentInstanceSelector.idPath", "idPath is required by the CRD; without it "
                            + "a pod's instance cannot be found");
                }
                if (selector.replicaSelector() != null && empty(selector.replicaSelector().keyPath())) {
                    warning(path + ".podSelector.replicaSelector.keyPath", "keyPath is required by the CRD; without it "
                            + "pods get no replica key");
                }
            }
        }

        private void checkStatusDefinition(StatusDefinition status, String path) {
            if (status == null) {
                return;
            }
            if (status.phaseDefinition() != null && empty(status.phaseDefinition().path())) {
                warning(path + ".phaseDefinition.path", "path is required by the CRD: the jq path to the workload's phase; "
                    + "without it there is no phase");
            }
            if (status.conditionsDefinition() != null && empty(status.conditionsDefinition().path())) {
                warning(path + ".conditionsDefinition.path", "path is required by the CRD: the jq path to the workload's "
                    + "conditions; without it there are none");
            }
            StatusMappings mappings = status.statusMappings();
            checkMatchers(mappings.initializing(), path + ".statusMappings.initializing");
            checkMatchers(mappings.running(), path + ".statusMappings.running");
            checkMatchers(mappings.completed(), path + ".statusMappings.completed");
            checkMatchers(mappings.failed(), path + ".statusMappings.failed");
            checkMatchers(mappings.degraded(), path + ".statusMappings.degraded");
        }

        private void checkMatchers(List<StatusMatcher> matchers, String path) {
            if (matchers.size() > MAX_MATCHERS) {
                problem(path, "at most " + MAX_MATCHERS + " matchers per status are allowed; there are " + matchers.size());
            }
            for (int i = 0; i < matchers.size(); i++) {
                StatusMatcher matcher = matchers.get(i);
                String matcherPath = path + "[" + i + "]";
                if (matcher.byConditions().size() > MAX_EXPECTED_CONDITIONS) {
                    problem(matcherPath + ".byConditions", "at most " + MAX_EXPECTED_CONDITIONS
                            + " conditions per matcher are allowed; there are " + matcher.byConditions().size());
                }
                for (int c = 0; c < matcher.byConditions().size(); c++) {
                    ExpectedCondition expected = matcher.byConditions().get(c);
                    if (empty(expected.type())) {
                        warning(matcherPath + ".byConditions[" + c + "].type", "type is required by the CRD: the condition "
                                + "type to look for; without it this matcher never matches");
                    }
                }
                if (matcher.byExpression() != null) {
                    if (matcher.byExpression().expectedResult() == null) {
                        warning(matcherPath + ".byExpression.expectedResult", "expectedResult is required by the CRD: "
                                + "the text the expression's result must equal; without it the result must be \"\"");
                    }
                    if (matcher.byExpression().expression() == null) {
                        warning(matcherPath + ".byExpression.expression", "expression is required by the CRD; "
                                + "without it this matcher never matches (and reports an error when evaluated)");
                    }
                }
            }
        }

        /**
         * Follows every child's ownerRefs towards the root. A component already settled by an earlier walk (it leads
         * to the root, or into a cycle reported then) ends a walk, so the whole check is linear in the components:
         * an RI past the size limit is still validated, and must not take cubic time doing it.
         */
        private void checkCycles() {
            Map<String, String> parentOf = new HashMap<>();
            for (ComponentDefinition child : spec.structureDefinition().childComponents()) {
                parentOf.put(child.name(), child.ownerRef());
            }
            String root = spec.rootComponent().name();
            Set<String> settled = new HashSet<>();
            for (int i = 1; i < components.size(); i++) {
                String start = components.get(i).name();
                List<String> chain = new ArrayList<>();
                Map<String, Integer> positionInChain = new HashMap<>();
                String current = start;
                while (current != null && !current.equals(root) && !settled.contains(current)) {
                    Integer cycleStart = positionInChain.putIfAbsent(current, chain.size());
                    if (cycleStart != null) {
                        List<String> cycle = chain.subList(cycleStart, chain.size());
                        // reported once: its components are settled now, so no later walk enters it
                        problem(ResourceInterfaceSpec.componentPath(i) + ".ownerRef", "ownership cycle: "
                                + String.join(" → ", cycle) + " → " + current
                                + "; following ownerRefs must lead to the root component \"" + root + "\"");
                        break;
                    }
                    chain.add(current);
                    current = parentOf.get(current);
                }
                settled.addAll(chain);
            }
        }

        private void checkPodGroups() {
            List<PodGroupDefinition> groups = spec.podGroups();
            if (groups.size() > MAX_POD_GROUPS) {
                problem(ResourceInterfaceSpec.POD_GROUPS_PATH, "at most " + MAX_POD_GROUPS
                        + " pod groups are allowed; there are " + groups.size());
            }
            Map<String, String> groupPaths = new HashMap<>();
            for (int g = 0; g < groups.size(); g++) {
                PodGroupDefinition group = groups.get(g);
                String path = ResourceInterfaceSpec.POD_GROUPS_PATH + "[" + g + "]";
                if (empty(group.name())) {
                    warning(path + ".name", "the CRD requires a pod group name; the group is named \"\"");
                } else {
                    String previous = groupPaths.putIfAbsent(group.name(), path);
                    if (previous != null) {
                        problem(path + ".name", "duplicate pod group name \"" + group.name() + "\" (already used by "
                                + previous + "); pod group names must be unique");
                    }
                }
                if (group.members().isEmpty()) {
                    warning(path + ".members", "the CRD requires at least one member; a group without members "
                            + "gathers no pods");
                }
                if (group.members().size() > MAX_MEMBERS) {
                    problem(path + ".members", "at most " + MAX_MEMBERS + " members per pod group are allowed; there are "
                            + group.members().size());
                }
                Map<String, String> memberPaths = new HashMap<>();
                for (int m = 0; m < group.members().size(); m++) {
                    checkMember(group.members().get(m), path + ".members[" + m + "]", memberPaths);
                }
            }
        }

        private void checkMember(PodGroupMember member, String path, Map<String, String> memberPaths) {
            if (empty(member.componentName())) {
                problem(path + ".componentName", "componentName is required: the component whose pods join the group");
            } else if (!names.contains(member.componentName())) {
                problem(path + ".componentName", "componentName \"" + member.componentName()
                        + "\" names no component of this RI");
            } else {
                String previous = memberPaths.putIfAbsent(member.componentName(), path);
                if (previous != null) {
                    problem(path + ".componentName", "component \"" + member.componentName()
                            + "\" is already a member of this pod group (" + previous + ")");
                }
            }
            if (member.groupByKeyPaths().size() > MAX_KEY_PATHS) {
                problem(path + ".groupByKeyPaths", "at most " + MAX_KEY_PATHS + " groupByKeyPaths are allowed; there are "
                        + member.groupByKeyPaths().size());
            }
            if (member.filters().size() > MAX_KEY_PATHS) {
                problem(path + ".filters", "at most " + MAX_KEY_PATHS + " filters are allowed; there are "
                        + member.filters().size());
            }
        }

        private void checkExpressions() {
            for (JqField field : spec.jqFields()) {
                try {
                    JqExpression.compile(field.expression(), field.path());
                } catch (JqUndefinedFunctionException e) {
                    // the reference only parses: the RI is accepted and this expression fails when it is evaluated
                    warning(field.path(), e.getDetail() + "; it fails whenever it is evaluated (the other expressions "
                            + "still work)");
                } catch (JqException e) {
                    problem(field.path(), e.getDetail());
                }
            }
        }

        private static boolean empty(String value) {
            return value == null || value.isEmpty();
        }
    }
}
