package io.kindred.devstack;

import io.kindred.devstack.backend.Backend;
import io.kindred.devstack.backend.BackendSource;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kindred.devstack.kafka.KafkaBackend;
import io.kindred.devstack.kubernetes.KubernetesBackend;
import io.kindred.devstack.postgres.PostgresBackend;
import io.kindred.devstack.registry.SchemaRegistryBackend;

/**
 * The JVM-wide backends as seen from another class loader. Quarkus loads test classes and test resources in class
 * loaders of its own and replaces them whenever a test class needs a differently configured application, so statics
 * there would start a second Kafka; the backends therefore live in the system class loader's copy of {@link Devstack}
 * and cross over as JDK types only (strings, numbers, {@link Runnable}s). These views rebuild the backend interfaces
 * from them. Closing a view closes nothing: the owner stops the backends at JVM exit.
 */
final class BackendViews {

    private BackendViews() {
    }

    static Map<String, Object> export(Backend backend) {
        Map<String, Object> exported = new LinkedHashMap<>();
        exported.put("source", backend.source().name());
        exported.put("description", backend.description());
        if (backend instanceof KafkaBackend kafka) {
            exported.put("bootstrapServers", kafka.bootstrapServers());
            exported.put("supportsBrokerRestart", kafka.supportsBrokerRestart());
            // the broker creates threads when it starts: they must not inherit a Quarkus test's class loader
            exported.put("stopBroker", Devstack.withOwnContextClassLoader((Runnable) kafka::stopBroker));
            exported.put("startBroker", Devstack.withOwnContextClassLoader((Runnable) kafka::startBroker));
        } else if (backend instanceof PostgresBackend postgres) {
            exported.put("host", postgres.host());
            exported.put("port", postgres.port());
            exported.put("database", postgres.database());
            exported.put("username", postgres.username());
            exported.put("password", postgres.password());
        } else if (backend instanceof SchemaRegistryBackend registry) {
            exported.put("apiUrl", registry.apiUrl());
        } else if (backend instanceof KubernetesBackend kubernetes) {
            exported.put("apiServerUrl", kubernetes.apiServerUrl());
            exported.put("namespace", kubernetes.namespace());
            exported.put("kubeconfigFile", kubernetes.kubeconfigFile().map(Path::toString).orElse(null));
            exported.put("takeRequests", (Supplier<List<String>>) kubernetes::takeRequests);
        } else {
            throw new IllegalArgumentException("Unknown backend " + backend.getClass());
        }
        return exported;
    }

    private abstract static class View implements Backend {
        final Map<String, Object> exported;

        View(Map<String, Object> exported) {
            this.exported = exported;
        }

        String text(String key) {
            return (String) exported.get(key);
        }

        @Override
        public BackendSource source() {
            return BackendSource.valueOf(text("source"));
        }

        @Override
        public String description() {
            return text("description");
        }

        @Override
        public void close() {
            // the owning class loader stops the backend at JVM exit
        }
    }

    static final class KafkaView extends View implements KafkaBackend {
        KafkaView(Map<String, Object> exported) {
            super(exported);
        }

        @Override
        public String bootstrapServers() {
            return text("bootstrapServers");
        }

        @Override
        public boolean supportsBrokerRestart() {
            return (Boolean) exported.get("supportsBrokerRestart");
        }

        @Override
        public void stopBroker() {
            ((Runnable) exported.get("stopBroker")).run();
        }

        @Override
        public void startBroker() {
            ((Runnable) exported.get("startBroker")).run();
        }
    }

    static final class PostgresView extends View implements PostgresBackend {
        PostgresView(Map<String, Object> exported) {
            super(exported);
        }

        @Override
        public String host() {
            return text("host");
        }

        @Override
        public int port() {
            return (Integer) exported.get("port");
        }

        @Override
        public String database() {
            return text("database");
        }

        @Override
        public String username() {
            return text("username");
        }

        @Override
        public String password() {
            return text("password");
        }
    }

    static final class SchemaRegistryView extends View implements SchemaRegistryBackend {
        SchemaRegistryView(Map<String, Object> exported) {
            super(exported);
        }

        @Override
        public String apiUrl() {
            return text("apiUrl");
        }
    }

    static final class KubernetesView extends View implements KubernetesBackend {
        private KubernetesClient client;

        KubernetesView(Map<String, Object> exported) {
            super(exported);
        }

        @Override
        public String apiServerUrl() {
            return text("apiServerUrl");
        }

        @Override
        public String namespace() {
            return text("namespace");
        }

        @Override
        public Optional<Path> kubeconfigFile() {
            return Optional.ofNullable(text("kubeconfigFile")).map(Path::of);
        }

        @Override
        @SuppressWarnings("unchecked")
        public List<String> takeRequests() {
            return ((Supplier<List<String>>) exported.get("takeRequests")).get();
        }

        /** One client per class loader that asks: a client's classes must come from the caller's loader. */
        @Override
        public synchronized KubernetesClient client() {
            if (client == null) {
                client = newClient();
            }
            return client;
        }
    }
}
