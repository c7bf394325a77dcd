package io.kindred.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.certmanager.api.model.v1.Certificate;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;

/**
 * Renders every overlay of deploy/kubernetes with `kubectl kustomize` and checks what a cluster would receive: that
 * each object is a valid object of its kind, and the rules the deployment promises (hardened pods, tokens only
 * where the API server is used, a NetworkPolicy per workload behind a default deny, least-privilege RBAC, wiring that
 * resolves, and in production a KafkaTopic per topic and a KafkaUser with ACLs per service).
 */
class KubernetesOverlaysTest {

    /** The services that talk to the Kubernetes API server: the only pods with a service-account token. */
    private static final Set<String> API_CLIENTS = Set.of("status-mapper-service", "scheduler-adapter");

    /** Ingress rules open to any source, and why: everything else names its sources. */
    private static final Set<String> OPEN_INGRESS = Set.of(
            "registry-service:http",        // the API for users and the ingress controller (authenticated by the service)
            "scheduler-adapter:webhook");   // the API server calling the admission webhook (not a pod)

    private static final Set<String> KAFKA_PORTS = Set.of("9092", "9093");

    /** Secrets an overlay expects to exist without creating them (README.md says how to make each). */
    private static final Map<String, Set<String>> SECRETS_MADE_OUT_OF_BAND = Map.of(
            "local", Set.of(),
            "production", Set.of("kindred-db", "apicurio-db", "kindred-admin-client", "kindred-token-signing-key",
                    "kindred-kafka-cluster-ca"));

    /** Services in the namespace an overlay expects to be run by someone else (PostgreSQL's operator). */
    private static final Map<String, Set<String>> SERVICES_RUN_OUT_OF_BAND = Map.of(
            "local", Set.of(),
            "production", Set.of("kindred-db-rw"));

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void everyObjectIsAValidKubernetesObjectOfItsKind(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        List<String> invalid = new ArrayList<>();
        for (JsonNode manifest : rendered.manifests) {
            try {
                StrictModel.read(manifest);
            } catch (AssertionError e) {
                invalid.add(e.getMessage());
            }
        }
        assertThat(invalid).as(overlay + ": objects that are not valid objects of their kind").isEmpty();
        assertThat(rendered.objects()).as(overlay + ": rendered objects").hasSizeGreaterThan(20);
        assertThat(rendered.objects()).as(overlay + ": every object in the kindred namespace or cluster-scoped")
                .allSatisfy(object -> assertThat(object.getMetadata().getNamespace()).isIn(null, "kindred"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void everyContainerIsHardened(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        List<String> violations = new ArrayList<>();
        for (RenderedOverlay.Workload workload : rendered.workloads()) {
            PodSpec pod = workload.template().getSpec();
            PodSecurityContext podContext = Optional.ofNullable(pod.getSecurityContext()).orElseGet(PodSecurityContext::new);
            if (Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID())
                    || Boolean.TRUE.equals(pod.getHostIPC())) {
                violations.add(workload.id() + ": shares a host namespace");
            }
            if (!Boolean.FALSE.equals(pod.getEnableServiceLinks())) {
                // service links put KAFKA_* variables of a Service named kafka into the environment, which Quarkus
                // would hand to every Kafka client as properties
                violations.add(workload.id() + ": enableServiceLinks is not false");
            }
            List<Container> containers = new ArrayList<>(pod.getContainers());
            containers.addAll(Optional.ofNullable(pod.getInitContainers()).orElse(List.of()));
            for (Container container : containers) {
                String id = workload.id() + " container " + container.getName();
                SecurityContext context = Optional.ofNullable(container.getSecurityContext()).orElseGet(SecurityContext::new);
                if (!Boolean.TRUE.equals(firstNonNull(context.getRunAsNonRoot(), podContext.getRunAsNonRoot()))) {
                    violations.add(id + ": runAsNonRoot is not true");
                }
                Long user = firstNonNull(context.getRunAsUser(), podContext.getRunAsUser());
                if (user != null && user == 0L) {
                    violations.add(id + ": runs as user 0");
                }
                if (!Boolean.TRUE.equals(context.getReadOnlyRootFilesystem())) {
                    violations.add(id + ": readOnlyRootFilesystem is not true");
                }
                if (!Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
                    violations.add(id + ": allowPrivilegeEscalation is not false");
                }
                if (Boolean.TRUE.equals(context.getPrivileged())) {
                    violations.add(id + ": privileged");
                }
                Capabilities capabilities = context.getCapabilities();
                if (capabilities == null || capabilities.getDrop() == null || !capabilities.getDrop().contains("ALL")) {
                    violations.add(id + ": capabilities do not drop ALL");
                } else if (capabilities.getAdd() != null && !capabilities.getAdd().isEmpty()) {
                    violations.add(id + ": adds capabilities " + capabilities.getAdd());
                }
                String seccomp = context.getSeccompProfile() != null ? context.getSeccompProfile().getType()
                        : podContext.getSeccompProfile() != null ? podContext.getSeccompProfile().getType() : null;
                if (!"RuntimeDefault".equals(seccomp) && !"Localhost".equals(seccomp)) {
                    violations.add(id + ": seccomp profile is " + seccomp + ", not RuntimeDefault");
                }
                for (ContainerPort port : Optional.ofNullable(container.getPorts()).orElse(List.of())) {
                    if (port.getHostPort() != null && port.getHostPort() != 0) {
                        violations.add(id + ": hostPort " + port.getHostPort());
                    }
                }
                if (!mountsEmptyDir(pod, container, "/tmp")) {
                    violations.add(id + ": no writable /tmp (emptyDir) beside the read-only root file system");
                }
                if (container.getReadinessProbe() == null || container.getLivenessProbe() == null
                        || container.getStartupProbe() == null) {
                    violations.add(id + ": lacks a readiness, liveness or startup probe");
                }
                if (container.getResources() == null || container.getResources().getRequests() == null
                        || !container.getResources().getRequests().keySet().containsAll(Set.of("cpu", "memory"))
                        || container.getResources().getLimits() == null
                        || !container.getResources().getLimits().containsKey("memory")) {
                    violations.add(id + ": resources lack cpu/memory requests or a memory limit");
                }
                String image = container.getImage();
                String tag = image.contains(":") ? image.substring(image.lastIndexOf(':') + 1) : "";
                if (tag.isEmpty() || tag.equals("latest")) {
                    violations.add(id + ": image " + image + " has no fixed tag");
                }
            }
        }
        assertThat(violations).as(overlay + ": hardening violations").isEmpty();
        assertThat(rendered.workloads()).as(overlay + ": workloads checked").extracting(RenderedOverlay.Workload::name)
                .contains("registry-service", "status-mapper-service", "scheduler-adapter", "apicurio-registry");
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void onlyTheServicesThatUseTheApiServerGetAToken(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        Map<String, ServiceAccount> accounts = rendered.objects(ServiceAccount.class)
                .collect(Collectors.toMap(account -> account.getMetadata().getName(), account -> account));
        assertThat(accounts.values()).as(overlay + ": service accounts mount no token unless a pod asks")
                .allSatisfy(account -> assertThat(account.getAutomountServiceAccountToken())
                        .as(account.getMetadata().getName()).isFalse());
        Map<String, Boolean> tokenMounted = new TreeMap<>();
        for (RenderedOverlay.Workload workload : rendered.workloads()) {
            PodSpec pod = workload.template().getSpec();
            ServiceAccount account = accounts.get(Objects.requireNonNullElse(pod.getServiceAccountName(), "default"));
            assertThat(account).as(workload.id() + ": its service account " + pod.getServiceAccountName()
                    + " is part of the overlay").isNotNull();
            tokenMounted.put(workload.name(), firstNonNull(pod.getAutomountServiceAccountToken(),
                    account.getAutomountServiceAccountToken(), Boolean.TRUE));
        }
        Map<String, Boolean> expected = new TreeMap<>();
        tokenMounted.keySet().forEach(name -> expected.put(name, API_CLIENTS.contains(name)));
        assertThat(tokenMounted).as(overlay + ": workload → service-account token mounted").isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void everyWorkloadHasItsOwnNetworkPolicyBehindADefaultDeny(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        List<NetworkPolicy> policies = rendered.objects(NetworkPolicy.class).toList();
        assertThat(policies).as(overlay + ": a default-deny policy for ingress and egress of every pod")
                .anySatisfy(policy -> {
                    assertThat(LabelSelectors.isEmpty(policy.getSpec().getPodSelector())).isTrue();
                    assertThat(policy.getSpec().getPolicyTypes()).contains("Ingress", "Egress");
                    assertThat(Optional.ofNullable(policy.getSpec().getIngress()).orElse(List.of())).isEmpty();
                    assertThat(Optional.ofNullable(policy.getSpec().getEgress()).orElse(List.of())).isEmpty();
                });
        List<String> violations = new ArrayList<>();
        for (RenderedOverlay.Workload workload : rendered.workloads()) {
            Map<String, String> labels = workload.template().getMetadata().getLabels();
            List<NetworkPolicy> own = policies.stream()
                    .filter(policy -> !LabelSelectors.isEmpty(policy.getSpec().getPodSelector()))
                    .filter(policy -> LabelSelectors.matches(policy.getSpec().getPodSelector(), labels))
                    .toList();
            if (own.isEmpty()) {
                violations.add(workload.id() + ": no NetworkPolicy selects its pods");
            }
            for (NetworkPolicy policy : own) {
                if (!policy.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress"))) {
                    violations.add(workload.id() + ": policy " + policy.getMetadata().getName()
                            + " does not govern both ingress and egress");
                }
                for (NetworkPolicyIngressRule rule : Optional.ofNullable(policy.getSpec().getIngress()).orElse(List.of())) {
                    if (rule.getFrom() != null && !rule.getFrom().isEmpty()) {
                        continue;
                    }
                    if (rule.getPorts() == null || rule.getPorts().isEmpty()) {
                        violations.add(workload.id() + ": policy " + policy.getMetadata().getName()
                                + " lets anything reach every port");
                        continue;
                    }
                    for (NetworkPolicyPort port : rule.getPorts()) {
                        String key = workload.name() + ":" + portName(port);
                        if (!OPEN_INGRESS.contains(key)) {
                            violations.add(workload.id() + ": port " + portName(port) + " is open to any source");
                        }
                    }
                }
                for (NetworkPolicyEgressRule rule : Optional.ofNullable(policy.getSpec().getEgress()).orElse(List.of())) {
                    if (rule.getPorts() == null || rule.getPorts().isEmpty()) {
                        violations.add(workload.id() + ": policy " + policy.getMetadata().getName()
                                + " lets it reach every port of its destinations");
                    }
                    boolean destinationNamed = rule.getTo() != null && !rule.getTo().isEmpty();
                    boolean kafka = Optional.ofNullable(rule.getPorts()).orElse(List.of()).stream()
                            .anyMatch(port -> KAFKA_PORTS.contains(portName(port)));
                    if (!destinationNamed && (kafka || overlay.equals("local"))) {
                        // Kafka is always somewhere the overlay knows (its own pods, or Strimzi's namespace), and
                        // the local overlay knows where everything is
                        violations.add(workload.id() + ": policy " + policy.getMetadata().getName()
                                + " lets it reach ports " + rule.getPorts().stream().map(KubernetesOverlaysTest::portName)
                                        .toList() + " anywhere");
                    }
                    boolean anyAddress = Optional.ofNullable(rule.getTo()).orElse(List.of()).stream()
                            .map(NetworkPolicyPeer::getIpBlock).filter(Objects::nonNull)
                            .anyMatch(block -> block.getCidr().endsWith("/0"));
                    if (anyAddress && !API_CLIENTS.contains(workload.name())) {
                        violations.add(workload.id() + ": may reach any address but does not use the API server");
                    }
                }
            }
        }
        assertThat(violations).as(overlay + ": NetworkPolicy violations").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void rbacIsLeastPrivilege(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        Map<String, List<PolicyRule>> clusterRoles = new HashMap<>();
        rendered.objects(ClusterRole.class).forEach(role -> clusterRoles.put(role.getMetadata().getName(),
                Optional.ofNullable(role.getRules()).orElse(List.of())));
        List<PolicyRule> allRules = new ArrayList<>();
        clusterRoles.values().forEach(allRules::addAll);
        rendered.objects(Role.class).forEach(role -> allRules.addAll(Optional.ofNullable(role.getRules()).orElse(List.of())));
        assertThat(allRules).as(overlay + ": no wildcard and nothing on Secrets in any rule").allSatisfy(rule -> {
            assertThat(Stream.of(rule.getVerbs(), rule.getResources(), rule.getApiGroups())
                    .filter(Objects::nonNull).flatMap(List::stream)).doesNotContain("*");
            assertThat(Optional.ofNullable(rule.getResources()).orElse(List.of())).doesNotContain("secrets");
        });

        Map<String, Set<String>> rolesOfAccount = new TreeMap<>();
        rendered.objects(ClusterRoleBinding.class).forEach(binding -> subjectsOf(binding.getSubjects())
                .forEach(account -> rolesOfAccount.computeIfAbsent(account, a -> new TreeSet<>())
                        .add(binding.getRoleRef().getName())));
        rendered.objects(RoleBinding.class).forEach(binding -> subjectsOf(binding.getSubjects())
                .forEach(account -> rolesOfAccount.computeIfAbsent(account, a -> new TreeSet<>())
                        .add("Role " + binding.getRoleRef().getName())));
        assertThat(rolesOfAccount).as(overlay + ": service account → bound roles (registry-service and the "
                + "infrastructure have none)").isEqualTo(Map.of(
                        "status-mapper-service", Set.of("kindred-status-mapper",
                                "Role kindred-status-mapper-leader-election"),
                        "scheduler-adapter", Set.of("kindred-status-mapper", "kindred-scheduler-adapter",
                                "kindred-workload-writer", "Role kindred-scheduler-adapter-leader-election")));

        // Workloads V2: what the adapter may write comes only from per-kind roles an administrator adds.
        ClusterRole writer = rendered.required(ClusterRole.class, "kindred-workload-writer");
        assertThat(writer.getAggregationRule()).as("the adapter's write role is aggregated from per-kind roles").isNotNull();
        assertThat(writer.getAggregationRule().getClusterRoleSelectors()).singleElement()
                .satisfies(selector -> assertThat(selector.getMatchLabels())
                        .isEqualTo(Map.of("kindred.io/aggregate-to-workload-writer", "true")));
        assertThat(Optional.ofNullable(writer.getRules()).orElse(List.of())).as("and has no rules of its own").isEmpty();

        ClusterRole aggregated = rendered.required(ClusterRole.class, "kindred-status-mapper");
        assertThat(aggregated.getAggregationRule()).as("the mapper's role is aggregated from the per-kind roles").isNotNull();
        assertThat(Optional.ofNullable(aggregated.getRules()).orElse(List.of())).as("and has no rules of its own").isEmpty();
        rendered.objects(ClusterRole.class)
                .filter(role -> "true".equals(labels(role).get("kindred.io/aggregate-to-status-mapper")))
                .forEach(role -> assertThat(role.getRules()).as(role.getMetadata().getName() + ": read only")
                        .allSatisfy(rule -> assertThat(rule.getVerbs()).isSubsetOf("get", "list", "watch")));

        Map<String, Set<String>> adapterVerbs = new TreeMap<>();
        for (PolicyRule rule : clusterRoles.get("kindred-scheduler-adapter")) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    adapterVerbs.computeIfAbsent(group + "/" + resource, r -> new TreeSet<>()).addAll(rule.getVerbs());
                }
            }
        }
        assertThat(adapterVerbs).as(overlay + ": the adapter's own rules").isEqualTo(Map.of(
                "scheduling.run.ai/podgroups", Set.of("get", "list", "watch", "create", "patch", "delete"),
                "/pods", Set.of("get", "list", "watch", "patch"),
                "/events", Set.of("create")));
    }

    /**
     * The replicas of the mapper and the adapter elect their leader on a Lease: each may get and update only its own
     * Lease (create cannot be limited to a name), in its own namespace, and is told its pod's name and namespace.
     * Production runs two mapper replicas, rolled one at a time so a standby is always there.
     */
    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void leaderElectionGetsItsOwnLeaseAndNothingMore(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        Map<String, String> leases = Map.of("status-mapper-service", "kindred-status-mapper",
                "scheduler-adapter", "kindred-scheduler-adapter");
        leases.forEach((service, lease) -> {
            Role role = rendered.required(Role.class, lease + "-leader-election");
            Map<String, Set<String>> verbsByLease = new TreeMap<>();
            for (PolicyRule rule : role.getRules()) {
                assertThat(rule.getApiGroups()).as(overlay + ": " + role.getMetadata().getName()).containsExactly(
                        "coordination.k8s.io");
                assertThat(rule.getResources()).containsExactly("leases");
                List<String> names = Optional.ofNullable(rule.getResourceNames()).orElse(List.of());
                String key = names.isEmpty() ? "(any)" : String.join(",", names);
                verbsByLease.computeIfAbsent(key, k -> new TreeSet<>()).addAll(rule.getVerbs());
            }
            assertThat(verbsByLease).as(overlay + ": " + service + " may read and renew only its Lease")
                    .isEqualTo(Map.of(lease, Set.of("get", "update"), "(any)", Set.of("create")));
            RoleBinding binding = rendered.required(RoleBinding.class, lease + "-leader-election");
            assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
            assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
                assertThat(subject.getName()).isEqualTo(service);
                assertThat(subject.getNamespace()).isEqualTo(role.getMetadata().getNamespace());
            });

            Deployment deployment = rendered.required(Deployment.class, service);
            Map<String, EnvVar> env = Optional.ofNullable(deployment.getSpec().getTemplate().getSpec().getContainers()
                    .get(0).getEnv()).orElse(List.of()).stream().collect(Collectors.toMap(EnvVar::getName, v -> v));
            assertThat(env.get("POD_NAME")).as(overlay + ": " + service + " POD_NAME").isNotNull();
            assertThat(env.get("POD_NAME").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
            assertThat(env.get("POD_NAMESPACE")).as(overlay + ": " + service + " POD_NAMESPACE").isNotNull();
            assertThat(env.get("POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath())
                    .isEqualTo("metadata.namespace");
        });
        Deployment mapper = rendered.required(Deployment.class, "status-mapper-service");
        if (overlay.equals("production")) {
            assertThat(mapper.getSpec().getReplicas()).as("a warm standby").isEqualTo(2);
            assertThat(rendered.required(io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class,
                    "status-mapper-service").getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
        }
        assertThat(mapper.getSpec().getStrategy().getType()).as("a new pod starts as a standby before the old goes")
                .isEqualTo("RollingUpdate");
        assertThat(mapper.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void servicesConfigMapsSecretsAndTheWebhookResolve(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        List<String> unresolved = new ArrayList<>();
        List<RenderedOverlay.Workload> workloads = rendered.workloads();

        for (Service service : rendered.objects(Service.class).toList()) {
            String name = service.getMetadata().getName();
            List<RenderedOverlay.Workload> selected = workloads.stream().filter(workload -> LabelSelectors.matches(
                    service.getSpec().getSelector(), workload.template().getMetadata().getLabels())).toList();
            if (selected.isEmpty()) {
                unresolved.add("Service " + name + " selects no pods");
                continue;
            }
            List<ContainerPort> ports = selected.get(0).template().getSpec().getContainers().stream()
                    .flatMap(container -> Optional.ofNullable(container.getPorts()).orElse(List.of()).stream()).toList();
            for (ServicePort port : service.getSpec().getPorts()) {
                boolean found = port.getTargetPort() == null
                        ? ports.stream().anyMatch(p -> p.getContainerPort().equals(port.getPort()))
                        : port.getTargetPort().getStrVal() != null
                                ? ports.stream().anyMatch(p -> port.getTargetPort().getStrVal().equals(p.getName()))
                                : ports.stream().anyMatch(p -> p.getContainerPort().equals(port.getTargetPort().getIntVal()));
                if (!found) {
                    unresolved.add("Service " + name + " port " + port.getName() + ": no such container port");
                }
            }
        }

        Map<String, ConfigMap> configMaps = rendered.objects(ConfigMap.class)
                .collect(Collectors.toMap(map -> map.getMetadata().getName(), map -> map));
        Set<String> secrets = new HashSet<>(SECRETS_MADE_OUT_OF_BAND.get(overlay));
        rendered.objects(Secret.class).forEach(secret -> secrets.add(secret.getMetadata().getName()));
        rendered.objects(Certificate.class).forEach(certificate -> secrets.add(certificate.getSpec().getSecretName()));
        rendered.objects(KafkaUser.class).forEach(user -> secrets.add(user.getMetadata().getName()));
        for (RenderedOverlay.Workload workload : workloads) {
            PodSpec pod = workload.template().getSpec();
            for (Container container : pod.getContainers()) {
                for (EnvFromSource source : Optional.ofNullable(container.getEnvFrom()).orElse(List.of())) {
                    if (source.getConfigMapRef() != null && !configMaps.containsKey(source.getConfigMapRef().getName())) {
                        unresolved.add(workload.id() + ": ConfigMap " + source.getConfigMapRef().getName());
                    }
                    if (source.getSecretRef() != null && !secrets.contains(source.getSecretRef().getName())) {
                        unresolved.add(workload.id() + ": Secret " + source.getSecretRef().getName());
                    }
                }
                for (EnvVar variable : Optional.ofNullable(container.getEnv()).orElse(List.of())) {
                    if (variable.getValueFrom() == null) {
                        continue;
                    }
                    if (variable.getValueFrom().getConfigMapKeyRef() != null) {
                        String mapName = variable.getValueFrom().getConfigMapKeyRef().getName();
                        String key = variable.getValueFrom().getConfigMapKeyRef().getKey();
                        ConfigMap map = configMaps.get(mapName);
                        if (map == null || map.getData() == null || !map.getData().containsKey(key)) {
                            unresolved.add(workload.id() + ": " + variable.getName() + " from ConfigMap " + mapName + " key " + key);
                        }
                    }
                    if (variable.getValueFrom().getSecretKeyRef() != null
                            && !secrets.contains(variable.getValueFrom().getSecretKeyRef().getName())) {
                        unresolved.add(workload.id() + ": " + variable.getName() + " from Secret "
                                + variable.getValueFrom().getSecretKeyRef().getName());
                    }
                }
            }
            for (Volume volume : Optional.ofNullable(pod.getVolumes()).orElse(List.of())) {
                if (volume.getSecret() != null && !secrets.contains(volume.getSecret().getSecretName())) {
                    unresolved.add(workload.id() + ": volume from Secret " + volume.getSecret().getSecretName());
                }
                if (volume.getConfigMap() != null && !configMaps.containsKey(volume.getConfigMap().getName())) {
                    unresolved.add(workload.id() + ": volume from ConfigMap " + volume.getConfigMap().getName());
                }
            }
        }

        // addresses in this namespace that the services are configured with are Services of the overlay
        Pattern address = Pattern.compile("([a-z0-9-]+)\\.kindred\\.svc(?::(\\d+))?");
        for (ConfigMap map : configMaps.values()) {
            Optional.ofNullable(map.getData()).orElse(Map.of()).forEach((key, value) -> {
                Matcher matcher = address.matcher(value);
                while (matcher.find()) {
                    String serviceName = matcher.group(1);
                    if (SERVICES_RUN_OUT_OF_BAND.get(overlay).contains(serviceName)) {
                        continue;
                    }
                    Optional<Service> service = rendered.object(Service.class, serviceName);
                    String port = matcher.group(2);
                    if (service.isEmpty() || (port != null && service.get().getSpec().getPorts().stream()
                            .noneMatch(p -> p.getPort().equals(Integer.valueOf(port))))) {
                        unresolved.add("ConfigMap " + map.getMetadata().getName() + " " + key + ": no Service "
                                + serviceName + (port == null ? "" : " with port " + port));
                    }
                }
            });
        }

        MutatingWebhookConfiguration webhook = rendered.required(MutatingWebhookConfiguration.class, "kindred-scheduler-adapter");
        webhook.getWebhooks().forEach(hook -> {
            var reference = hook.getClientConfig().getService();
            Optional<Service> service = rendered.object(Service.class, reference.getName());
            if (service.isEmpty() || !"kindred".equals(reference.getNamespace())
                    || service.get().getSpec().getPorts().stream().noneMatch(p -> p.getPort().equals(reference.getPort()))) {
                unresolved.add("webhook " + hook.getName() + ": service " + reference.getNamespace() + "/"
                        + reference.getName() + ":" + reference.getPort());
            }
        });
        String injectFrom = labelsOrAnnotations(webhook.getMetadata().getAnnotations()).get("cert-manager.io/inject-ca-from");
        if (injectFrom == null || rendered.object(Certificate.class, injectFrom.substring(injectFrom.indexOf('/') + 1)).isEmpty()) {
            unresolved.add("webhook: cert-manager.io/inject-ca-from names no Certificate of the overlay: " + injectFrom);
        }
        assertThat(unresolved).as(overlay + ": references that resolve to nothing").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void servicesListenWhereTheirConfigurationSaysAndApicurioKeepsItsSchemasInPostgresql(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        for (String service : Repository.SERVICES) {
            Container container = rendered.required(Deployment.class, service).getSpec().getTemplate().getSpec()
                    .getContainers().get(0);
            assertThat(container.getPorts()).as(overlay + ": " + service + " HTTP port = its quarkus.http.port")
                    .anySatisfy(port -> {
                        assertThat(port.getName()).isEqualTo("http");
                        assertThat(port.getContainerPort()).isEqualTo(Repository.httpPort(service));
                    });
            assertThat(Repository.unknownEnvironment(service, Optional.ofNullable(container.getEnv()).orElse(List.of())
                    .stream().map(EnvVar::getName).toList()))
                    .as(overlay + ": " + service + " environment variables it does not read (neither application.properties"
                            + " nor its README names them)").isEmpty();
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
            assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        }
        Container apicurio = rendered.required(Deployment.class, "apicurio-registry").getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        Map<String, EnvVar> env = apicurio.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, v -> v));
        assertThat(env.get("APICURIO_STORAGE_KIND").getValue()).isEqualTo("sql");
        assertThat(env.get("APICURIO_STORAGE_SQL_KIND").getValue()).isEqualTo("postgresql");
        var urlReference = env.get("APICURIO_DATASOURCE_URL").getValueFrom().getConfigMapKeyRef();
        assertThat(rendered.required(ConfigMap.class, urlReference.getName()).getData().get(urlReference.getKey()))
                .as(overlay + ": Apicurio's datasource").startsWith("jdbc:postgresql://");
        assertThat(env.get("APICURIO_DATASOURCE_USERNAME").getValueFrom().getSecretKeyRef()).isNotNull();
        assertThat(env.get("APICURIO_DATASOURCE_PASSWORD").getValueFrom().getSecretKeyRef()).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"local"})
    void theLocalOverlayRunsItsOwnKafkaAndPostgresql(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        assertThat(rendered.workloads()).extracting(RenderedOverlay.Workload::id)
                .contains("StatefulSet/kafka", "StatefulSet/postgresql");
        assertThat(rendered.required(ConfigMap.class, "kindred-config").getData().get("KAFKA_BOOTSTRAP_SERVERS"))
                .isEqualTo("kafka.kindred.svc:9092");
    }

    @ParameterizedTest
    @ValueSource(strings = {"production"})
    void productionCarriesNoCredentials(String overlay) {
        assertThat(RenderedOverlay.of(overlay).objects(Secret.class).map(secret -> secret.getMetadata().getName()))
                .as(overlay + ": Secrets are made out of band (README.md), never rendered from the repository")
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"production"})
    void productionHasAKafkaTopicForEveryTopic(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        Map<String, KafkaTopic> topics = new TreeMap<>();
        rendered.objects(KafkaTopic.class).forEach(topic -> topics.put(Objects.requireNonNullElse(
                topic.getSpec().getTopicName(), topic.getMetadata().getName()), topic));
        assertThat(topics.keySet()).as(overlay + ": a KafkaTopic for every topic of io.kindred.events.Topics "
                + KindredTopics.eventTopics() + " and every dead-letter topic").containsAll(KindredTopics.all());
        topics.forEach((name, topic) -> {
            assertThat(labels(topic)).as(name + ": its Kafka cluster").containsKey("strimzi.io/cluster");
            Map<String, Object> config = Optional.ofNullable(topic.getSpec().getConfig()).orElse(Map.of());
            assertThat(String.valueOf(config.get("cleanup.policy"))).as(name + ": cleanup.policy")
                    .isEqualTo(KindredTopics.COMPACTED.contains(name) ? "compact" : "delete");
            assertThat(topic.getSpec().getReplicas()).as(name + ": replicas").isGreaterThanOrEqualTo(3);
            assertThat(Integer.parseInt(String.valueOf(config.get("min.insync.replicas"))))
                    .as(name + ": min.insync.replicas").isGreaterThanOrEqualTo(2);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"production"})
    void productionGivesEachServiceItsOwnKafkaUserAndOnlyTheOwnerOfATopicWritesIt(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        Map<String, KafkaUser> users = rendered.objects(KafkaUser.class)
                .collect(Collectors.toMap(user -> user.getMetadata().getName(), user -> user));
        assertThat(users.keySet()).as(overlay + ": one KafkaUser per service")
                .containsExactlyInAnyOrderElementsOf(Repository.SERVICES.stream().map(s -> "kindred-" + s).toList());

        Map<String, Set<String>> writers = new TreeMap<>();
        Map<String, Set<String>> readers = new TreeMap<>();
        Map<String, Set<String>> groups = new TreeMap<>();
        List<String> tooBroad = new ArrayList<>();
        users.forEach((name, user) -> {
            assertThat(user.getSpec().getAuthentication().getType()).as(name + ": authentication")
                    .isIn("scram-sha-512", "tls");
            assertThat(user.getSpec().getAuthorization()).as(name + ": simple ACLs")
                    .isInstanceOf(KafkaUserAuthorizationSimple.class);
            for (AclRule acl : ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls()) {
                List<AclOperation> operations = Optional.ofNullable(acl.getOperations()).orElse(List.of());
                if (operations.contains(AclOperation.ALL) || acl.getOperation() == AclOperation.ALL) {
                    tooBroad.add(name + ": operation All");
                }
                if (acl.getResource() instanceof AclRuleTopicResource topic) {
                    if (topic.getPatternType() == AclResourcePatternType.PREFIX || "*".equals(topic.getName())) {
                        tooBroad.add(name + ": topic pattern " + topic.getName() + " " + topic.getPatternType());
                    }
                    if (operations.contains(AclOperation.WRITE)) {
                        writers.computeIfAbsent(topic.getName(), t -> new TreeSet<>()).add(name);
                    }
                    if (operations.contains(AclOperation.READ)) {
                        readers.computeIfAbsent(topic.getName(), t -> new TreeSet<>()).add(name);
                    }
                    if (!operations.contains(AclOperation.DESCRIBE)) {
                        tooBroad.add(name + ": no Describe on " + topic.getName() + " (clients find topics by metadata)");
                    }
                } else if (acl.getResource() instanceof AclRuleGroupResource group) {
                    if (group.getPatternType() == AclResourcePatternType.PREFIX || "*".equals(group.getName())) {
                        tooBroad.add(name + ": group pattern " + group.getName());
                    }
                    groups.computeIfAbsent(group.getName(), g -> new TreeSet<>()).add(name);
                } else {
                    tooBroad.add(name + ": ACL on " + acl.getResource().getType());
                }
            }
        });
        assertThat(tooBroad).as(overlay + ": ACLs broader than a named topic or group, or unusable").isEmpty();
        Map<String, Set<String>> expectedWriters = new TreeMap<>();
        expectedWriters.put("workload-types", Set.of("kindred-registry-service"));
        expectedWriters.put("workload-status", Set.of("kindred-status-mapper-service"));
        expectedWriters.put("scheduling-directives", Set.of("kindred-scheduler-adapter"));
        expectedWriters.put("workload-submissions", Set.of("kindred-registry-service"));
        expectedWriters.put("workload-sync", Set.of("kindred-scheduler-adapter"));
        expectedWriters.put("cluster-type-status", Set.of("kindred-status-mapper-service"));
        KindredTopics.DEAD_LETTER_TOPICS.forEach((topic, service) -> expectedWriters.put(topic, Set.of("kindred-" + service)));
        assertThat(writers).as(overlay + ": topic → the users that may write it").isEqualTo(expectedWriters);
        assertThat(readers).as(overlay + ": topic → the users that may read it (the mapper reads its own output back"
                + " as its state store; the registry reads the clusters' reports for clusterStatuses, the states and sync"
                + " results of Workloads V2; the adapter reads the submissions)").isEqualTo(Map.of(
                        "workload-types", Set.of("kindred-status-mapper-service", "kindred-scheduler-adapter"),
                        "workload-status", Set.of("kindred-status-mapper-service", "kindred-scheduler-adapter",
                                "kindred-registry-service"),
                        "cluster-type-status", Set.of("kindred-registry-service"),
                        "workload-submissions", Set.of("kindred-scheduler-adapter"),
                        "workload-sync", Set.of("kindred-registry-service")));
        assertThat(groups).as(overlay + ": consumer group → users").isEqualTo(Map.of(
                Repository.applicationProperties("scheduler-adapter")
                        .getProperty("mp.messaging.incoming.workload-status.group.id")
                        .replaceAll("\\$\\{[A-Z_]+:([^}]*)}", "$1"),
                Set.of("kindred-scheduler-adapter"),
                Repository.applicationProperties("scheduler-adapter")
                        .getProperty("mp.messaging.incoming.workload-submissions.group.id")
                        .replaceAll("\\$\\{[A-Z_]+:([^}]*)}", "$1"),
                Set.of("kindred-scheduler-adapter"),
                Repository.applicationProperties("registry-service")
                        .getProperty("kindred.workloads.consumer.group-id")
                        .replaceAll("\\$\\{[A-Z_]+:([^}]*)}", "$1"),
                Set.of("kindred-registry-service")));

        Map<String, String> topicCreationOff = Map.of(
                "registry-service", "KINDRED_OUTBOX_TOPIC_SETTINGS_CREATE",
                "status-mapper-service", "KINDRED_TOPICS_AUTO_CREATE",
                "scheduler-adapter", "KINDRED_TOPICS_CREATE");
        for (String service : Repository.SERVICES) {
            Container container = rendered.required(Deployment.class, service).getSpec().getTemplate().getSpec()
                    .getContainers().get(0);
            Map<String, EnvVar> env = container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, v -> v));
            assertThat(value(env, "KAFKA_SECURITY_PROTOCOL")).as(service).isEqualTo("SASL_SSL");
            assertThat(value(env, "KAFKA_SASL_MECHANISM")).as(service).isEqualTo("SCRAM-SHA-512");
            assertThat(env.get("KAFKA_SASL_JAAS_CONFIG").getValueFrom().getSecretKeyRef().getName())
                    .as(service + ": its own Kafka credentials").isEqualTo("kindred-" + service);
            String trustStore = value(env, "KAFKA_SSL_TRUSTSTORE_LOCATION");
            assertThat(container.getVolumeMounts()).as(service + ": the trust store " + trustStore + " is mounted")
                    .anySatisfy(mount -> assertThat(trustStore).startsWith(mount.getMountPath() + "/"));
            assertThat(value(env, topicCreationOff.get(service))).as(service + ": topics are Strimzi's").isEqualTo("false");
        }
        assertThat(rendered.required(ConfigMap.class, "kindred-config").getData().get("KAFKA_BOOTSTRAP_SERVERS"))
                .as("the TLS listener").endsWith(":9093");
    }

    private static String value(Map<String, EnvVar> env, String name) {
        EnvVar variable = env.get(name);
        assertThat(variable).as("environment variable " + name).isNotNull();
        return variable.getValue();
    }

    private static boolean mountsEmptyDir(PodSpec pod, Container container, String path) {
        return Optional.ofNullable(container.getVolumeMounts()).orElse(List.of()).stream()
                .filter(mount -> path.equals(mount.getMountPath()) && !Boolean.TRUE.equals(mount.getReadOnly()))
                .anyMatch(mount -> Optional.ofNullable(pod.getVolumes()).orElse(List.of()).stream()
                        .anyMatch(volume -> volume.getName().equals(mount.getName()) && volume.getEmptyDir() != null));
    }

    private static String portName(NetworkPolicyPort port) {
        return port.getPort() == null ? "*" : port.getPort().getStrVal() != null
                ? port.getPort().getStrVal() : String.valueOf(port.getPort().getIntVal());
    }

    private static List<String> subjectsOf(List<Subject> subjects) {
        return Optional.ofNullable(subjects).orElse(List.of()).stream()
                .peek(subject -> assertThat(subject.getKind()).as("RBAC subjects are service accounts")
                        .isEqualTo("ServiceAccount"))
                .map(Subject::getName).toList();
    }

    private static Map<String, String> labels(HasMetadata object) {
        return labelsOrAnnotations(object.getMetadata().getLabels());
    }

    private static Map<String, String> labelsOrAnnotations(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
