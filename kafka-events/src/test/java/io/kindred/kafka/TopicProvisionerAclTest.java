package io.kindred.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.junit.jupiter.api.Test;

/**
 * Topic provisioning under least-privilege ACLs, against a fake admin client that answers as a broker with an
 * authorizer does (the devstack's in-process broker runs without an authorizer and with one principal only, so it
 * cannot show a client that may describe but not create). The fake follows Kafka's rules: describing a topic without
 * DESCRIBE fails with TopicAuthorizationException whether it exists or not; creating without CREATE fails with
 * TopicAuthorizationException.
 */
class TopicProvisionerAclTest {

    /** A broker's topics and what the client's principal may do. */
    static class AclBroker {
        final Set<String> topics = new HashSet<>();
        final Set<String> describable = new HashSet<>();
        boolean mayCreate;
        final List<String> calls = new ArrayList<>();

        Admin admin() {
            return (Admin) Proxy.newProxyInstance(Admin.class.getClassLoader(), new Class<?>[] { Admin.class },
                    (proxy, method, args) -> switch (method.getName()) {
                        case "describeTopics" -> describe(topicNames(args[0]));
                        case "createTopics" -> create(newTopics(args[0]));
                        case "close" -> null;
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        @SuppressWarnings("unchecked")
        private static Collection<String> topicNames(Object argument) {
            return (Collection<String>) argument;
        }

        @SuppressWarnings("unchecked")
        private static Collection<NewTopic> newTopics(Object argument) {
            return (Collection<NewTopic>) argument;
        }

        private DescribeTopicsResult describe(Collection<String> names) {
            Map<String, KafkaFuture<TopicDescription>> futures = new java.util.HashMap<>();
            for (String name : names) {
                calls.add("describe " + name);
                KafkaFutureImpl<TopicDescription> future = new KafkaFutureImpl<>();
                if (!describable.contains(name)) {
                    future.completeExceptionally(new TopicAuthorizationException(Set.of(name)));
                } else if (!topics.contains(name)) {
                    future.completeExceptionally(new UnknownTopicOrPartitionException("This server does not host this topic-partition."));
                } else {
                    future.complete(new TopicDescription(name, false, List.of()));
                }
                futures.put(name, future);
            }
            return new DescribeTopicsResult(null, futures) {
            };
        }

        private CreateTopicsResult create(Collection<NewTopic> newTopics) {
            Map<String, KafkaFuture<CreateTopicsResult.TopicMetadataAndConfig>> futures = new java.util.HashMap<>();
            for (NewTopic topic : newTopics) {
                calls.add("create " + topic.name());
                KafkaFutureImpl<CreateTopicsResult.TopicMetadataAndConfig> future = new KafkaFutureImpl<>();
                if (!mayCreate) {
                    future.completeExceptionally(new TopicAuthorizationException(Set.of(topic.name())));
                } else {
                    topics.add(topic.name());
                    future.complete(null);
                }
                futures.put(topic.name(), future);
            }
            return new CreateTopicsResult(futures) {
            };
        }
    }

    private final AclBroker broker = new AclBroker();

    private TopicProvisioner provisioner(boolean create) {
        return new TopicProvisioner(broker::admin, create, 1, (short) -1, Duration.ofSeconds(5));
    }

    @Test
    void anExistingTopicNeedsOnlyDescribeNotCreate() {
        broker.topics.add("workload-types");
        broker.describable.add("workload-types");

        assertThat(provisioner(true).ensure(List.of(TopicSpec.compacted("workload-types")))).isEmpty();
        assertThat(broker.calls).as("looked before creating, and did not try to create")
                .containsExactly("describe workload-types");
    }

    @Test
    void aMissingTopicTheClientMayNotCreateNamesTopicAndPermission() {
        broker.describable.add("workload-types");

        assertThatThrownBy(() -> provisioner(true).ensure(List.of(TopicSpec.compacted("workload-types"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Kafka topic workload-types does not exist")
                .hasMessageContaining("CREATE on topic workload-types")
                .hasMessageContaining("cleanup.policy=compact");
        assertThat(broker.calls).containsExactly("describe workload-types", "create workload-types", "describe workload-types");
    }

    @Test
    void aTopicCreatedByOthersWhileCreateIsRefusedIsFine() {
        // not visible at first look (no DESCRIBE yet), then visible: e.g. ACLs and topic applied by an operator meanwhile
        AclBroker racing = new AclBroker() {
            @Override
            Admin admin() {
                Admin admin = super.admin();
                return (Admin) Proxy.newProxyInstance(Admin.class.getClassLoader(), new Class<?>[] { Admin.class },
                        (proxy, method, args) -> {
                            if (method.getName().equals("createTopics")) {
                                topics.add("workload-types");
                                describable.add("workload-types");
                            }
                            return method.invoke(admin, args);
                        });
            }
        };
        assertThat(new TopicProvisioner(racing::admin, true, 1, (short) -1, Duration.ofSeconds(5))
                .ensure(List.of(TopicSpec.compacted("workload-types")))).isEmpty();
        assertThat(racing.calls).containsExactly("describe workload-types", "create workload-types", "describe workload-types");
    }

    @Test
    void aTopicTheClientMayNotEvenSeeNamesTheMissingDescribe() {
        broker.topics.add("workload-status");

        assertThatThrownBy(() -> provisioner(true).ensure(List.of(new TopicSpec("workload-status", false))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Kafka topic workload-status is not visible")
                .hasMessageContaining("DESCRIBE on topic workload-status");
    }

    @Test
    void withCreationOffAnInvisibleTopicIsReportedMissingNotCreated() {
        broker.topics.add("workload-status");

        assertThat(provisioner(false).ensure(List.of(new TopicSpec("workload-status", false))))
                .containsExactly("workload-status");
        assertThat(broker.calls).containsExactly("describe workload-status");
    }

    @Test
    void aMissingTopicIsCreatedWhenAllowed() {
        broker.describable.add("scheduling-directives");
        broker.mayCreate = true;

        assertThat(provisioner(true).ensure(List.of(new TopicSpec("scheduling-directives", false)))).isEmpty();
        assertThat(broker.topics).contains("scheduling-directives");
    }
}
