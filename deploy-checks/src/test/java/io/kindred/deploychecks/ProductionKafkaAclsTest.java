package io.kindred.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.kindred.events.Topics;
import io.kindred.kafka.CompactedTopics;
import io.kindred.kafka.KafkaClients;
import io.kindred.kafka.KafkaProbe;
import io.kindred.kafka.TopicProvisioner;
import io.kindred.kafka.TopicSpec;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;

/**
 * The production overlay's KafkaUsers, enforced by a real broker: a KRaft node with authentication (SASL; Strimzi
 * uses SCRAM, the principal is the same User:&lt;KafkaUser name&gt;) and the standard authorizer, loaded with exactly the
 * ACLs the rendered overlay declares. Each service's own Kafka code (kafka-events: topic checks, compacted-topic
 * reads, producers, the adapter's consumer group) must work under its user, and what the user must not do (write a
 * topic it does not own, read one it does not need, join another group) must be refused by the broker.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProductionKafkaAclsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String ADMIN = "plain-admin";   // the test kit's super user
    private static final String ADMIN_PASSWORD = "plain-admin-secret";

    private static KafkaClusterTestKit cluster;
    private static String bootstrapServers;

    @BeforeAll
    static void startABrokerEnforcingTheProductionAcls() throws Exception {
        Map<String, KafkaUser> users = RenderedOverlay.of("production").objects(KafkaUser.class)
                .collect(Collectors.toMap(user -> user.getMetadata().getName(), user -> user));
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumControllerNodes(1)
                .setNumBrokerNodes(1)
                .setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                .setControllerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)   // the node talks to itself as the super user
                .build();
        StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required")
                .append(" username=\"").append(ADMIN).append("\" password=\"").append(ADMIN_PASSWORD).append('"')
                .append(" user_").append(ADMIN).append("=\"").append(ADMIN_PASSWORD).append('"');
        users.keySet().forEach(user -> jaas.append(" user_").append(user).append("=\"").append(password(user)).append('"'));
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("listener.name." + nodes.brokerListenerName().value().toLowerCase(Locale.ROOT)
                        + ".plain.sasl.jaas.config", jaas.append(';').toString())
                .setConfigProp("allow.everyone.if.no.acl.found", "false")
                .setConfigProp("auto.create.topics.enable", "false")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0");
        cluster = builder.build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        bootstrapServers = cluster.bootstrapServers();

        try (Admin admin = Admin.create(clientConfig(ADMIN, ADMIN_PASSWORD))) {
            List<NewTopic> topics = new ArrayList<>();
            for (String topic : KindredTopics.all()) {
                NewTopic newTopic = new NewTopic(topic, 1, (short) 1);
                if (KindredTopics.COMPACTED.contains(topic)) {
                    newTopic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                }
                topics.add(newTopic);
            }
            admin.createTopics(topics).all().get();
            List<AclBinding> acls = new ArrayList<>();
            users.forEach((name, user) -> acls.addAll(aclBindings(name, user)));
            admin.createAcls(acls).all().get();
            // the broker applies what the controller committed a moment later: wait until it enforces all of it
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (admin.describeAcls(AclBindingFilter.ANY).values().get().size() < acls.size()
                    || !admin.listTopics().names().get().containsAll(KindredTopics.all())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the broker did not apply the topics and ACLs within " + TIMEOUT);
                }
                Thread.sleep(100);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void theRegistryPublishesTypesAndNothingElse() throws Exception {
        KafkaClients registry = clients("kindred-registry-service");
        assertThat(new TopicProvisioner(registry, false, 3, (short) -1).ensure(List.of(TopicSpec.compacted(Topics.WORKLOAD_TYPES),
                TopicSpec.compacted(Topics.CLUSTER_TYPE_STATUS))))
                .as("the outbox topic and the cluster reports are visible to the registry").isEmpty();
        assertThat(probe(registry)).as("the registry's readiness probe").isTrue();
        try (KafkaProducer<byte[], byte[]> producer = registry.rawProducer("outbox")) {
            send(producer, Topics.WORKLOAD_TYPES);
            assertRefused(producer, Topics.WORKLOAD_STATUS);
            assertRefused(producer, Topics.SCHEDULING_DIRECTIVES);
            assertRefused(producer, Topics.CLUSTER_TYPE_STATUS); // only a cluster's status mapper reports
        }
        try (KafkaConsumer<byte[], byte[]> consumer = registry.rawConsumer("nosy")) {
            consumer.assign(List.of(new TopicPartition(Topics.WORKLOAD_TYPES, 0)));
            assertThatThrownBy(() -> consumer.poll(TIMEOUT)).as("the registry reads no topic but the cluster reports")
                    .isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    @Order(2)
    void theMapperReadsTypesAndItsStateAndPublishesStatesAndDeadLettersOnly() throws Exception {
        KafkaClients mapper = clients("kindred-status-mapper-service");
        assertThat(new TopicProvisioner(mapper, false, 3, (short) -1).ensure(List.of(
                TopicSpec.compacted(Topics.WORKLOAD_TYPES), TopicSpec.compacted(Topics.WORKLOAD_STATUS),
                new TopicSpec("workload-types.dlq", false), TopicSpec.compacted(Topics.CLUSTER_TYPE_STATUS)))).isEmpty();
        assertThat(probe(mapper)).isTrue();
        assertThat(readFromBeginning(mapper, Topics.WORKLOAD_TYPES)).as("the registry's record").isNotEmpty();
        try (KafkaProducer<byte[], byte[]> producer = mapper.rawProducer("status")) {
            send(producer, Topics.WORKLOAD_STATUS);
            send(producer, "workload-types.dlq");
            send(producer, Topics.CLUSTER_TYPE_STATUS);
            assertRefused(producer, Topics.WORKLOAD_TYPES);   // a forged type: only the registry may write types
            assertRefused(producer, Topics.SCHEDULING_DIRECTIVES);
        }
        assertThat(readFromBeginning(mapper, Topics.WORKLOAD_STATUS)).as("its state store").isNotEmpty();
        assertThat(readFromBeginning(clients("kindred-registry-service"), Topics.CLUSTER_TYPE_STATUS))
                .as("the mapper's cluster report, read by the registry without a consumer group").isNotEmpty();
    }

    @Test
    @Order(3)
    void theAdapterConsumesStatesInItsGroupAndPublishesDirectivesAndDeadLettersOnly() throws Exception {
        KafkaClients adapter = clients("kindred-scheduler-adapter");
        assertThat(new TopicProvisioner(adapter, false, 3, (short) -1).ensure(List.of(
                TopicSpec.compacted(Topics.WORKLOAD_TYPES), new TopicSpec(Topics.SCHEDULING_DIRECTIVES, false),
                new TopicSpec("workload-types.adapter-dlq", false), new TopicSpec("workload-status.adapter-dlq", false))))
                .isEmpty();
        assertThat(probe(adapter)).isTrue();
        assertThat(readFromBeginning(adapter, Topics.WORKLOAD_TYPES)).isNotEmpty();
        try (KafkaConsumer<byte[], byte[]> group = groupConsumer("kindred-scheduler-adapter", "kindred-scheduler-adapter")) {
            group.subscribe(List.of(Topics.WORKLOAD_STATUS));
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (records.isEmpty() && System.nanoTime() < deadline) {
                group.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            assertThat(records).as("the mapper's state event, through the adapter's group").isNotEmpty();
            group.commitSync(TIMEOUT);
        }
        try (KafkaProducer<byte[], byte[]> producer = adapter.rawProducer("directives")) {
            send(producer, Topics.SCHEDULING_DIRECTIVES);
            send(producer, "workload-types.adapter-dlq");
            send(producer, "workload-status.adapter-dlq");
            assertRefused(producer, Topics.WORKLOAD_STATUS);
            assertRefused(producer, Topics.WORKLOAD_TYPES);
        }
        try (KafkaConsumer<byte[], byte[]> other = groupConsumer("kindred-scheduler-adapter", "someone-elses-group")) {
            other.subscribe(List.of(Topics.WORKLOAD_STATUS));
            assertThatThrownBy(() -> other.poll(TIMEOUT)).as("only its own consumer group")
                    .isInstanceOf(GroupAuthorizationException.class);
        }
    }

    private static List<AclBinding> aclBindings(String user, KafkaUser kafkaUser) {
        List<AclBinding> bindings = new ArrayList<>();
        for (AclRule rule : ((KafkaUserAuthorizationSimple) kafkaUser.getSpec().getAuthorization()).getAcls()) {
            ResourcePattern resource;
            if (rule.getResource() instanceof AclRuleTopicResource topic) {
                resource = new ResourcePattern(ResourceType.TOPIC, topic.getName(), patternType(topic.getPatternType()));
            } else if (rule.getResource() instanceof AclRuleGroupResource group) {
                resource = new ResourcePattern(ResourceType.GROUP, group.getName(), patternType(group.getPatternType()));
            } else {
                throw new AssertionError(user + ": an ACL on " + rule.getResource().getType() + " this test cannot load");
            }
            String host = Optional.ofNullable(rule.getHost()).orElse("*");
            for (var operation : rule.getOperations()) {
                bindings.add(new AclBinding(resource, new AccessControlEntry("User:" + user, host,
                        org.apache.kafka.common.acl.AclOperation.fromString(operation.name()), AclPermissionType.ALLOW)));
            }
        }
        return bindings;
    }

    private static PatternType patternType(io.strimzi.api.kafka.model.user.acl.AclResourcePatternType type) {
        return type == null ? PatternType.LITERAL : PatternType.fromString(type.name());
    }

    private static String password(String user) {
        return user + "-password";
    }

    private static Map<String, Object> clientConfig(String user, String password) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrapServers);
        config.put("security.protocol", "SASL_PLAINTEXT");
        config.put("sasl.mechanism", "PLAIN");
        config.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        return config;
    }

    /** The service's Kafka client factory, as the service builds it, logged in as its KafkaUser. */
    private static KafkaClients clients(String user) {
        return new KafkaClients(clientConfig(user, password(user)), "http://127.0.0.1:9/unused", user);
    }

    private static KafkaConsumer<byte[], byte[]> groupConsumer(String user, String group) {
        Map<String, Object> config = clientConfig(user, password(user));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static boolean probe(KafkaClients clients) {
        try (KafkaProbe probe = new KafkaProbe(clients, Duration.ZERO)) {
            return probe.check(Duration.ofSeconds(10)).reachable();
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> readFromBeginning(KafkaClients clients, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = clients.rawConsumer("read-" + topic)) {
            Set<TopicPartition> partitions = CompactedTopics.partitions(consumer, topic, TIMEOUT);
            Map<TopicPartition, Long> end = CompactedTopics.assignFromBeginning(consumer, partitions, TIMEOUT);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!CompactedTopics.reached(consumer, end) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            return records;
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic) throws Exception {
        producer.send(record(topic)).get();
    }

    private static void assertRefused(KafkaProducer<byte[], byte[]> producer, String topic) {
        assertThatThrownBy(() -> producer.send(record(topic)).get())
                .as("writing " + topic + " is refused")
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TopicAuthorizationException.class);
    }

    private static ProducerRecord<byte[], byte[]> record(String topic) {
        return new ProducerRecord<>(topic, "key".getBytes(StandardCharsets.UTF_8), "value".getBytes(StandardCharsets.UTF_8));
    }
}
