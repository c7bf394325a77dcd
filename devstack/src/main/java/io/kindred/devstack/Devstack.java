package io.kindred.devstack;

import io.kindred.devstack.backend.Backend;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import io.kindred.devstack.kafka.KafkaBackend;
import io.kindred.devstack.kubernetes.KubernetesBackend;
import io.kindred.devstack.postgres.PostgresBackend;
import io.kindred.devstack.registry.SchemaRegistryBackend;

/**
 * The JVM-wide backends tests share: each is started the first time it is asked for (random ports, environment
 * variables honoured) and stopped by a shutdown hook when the JVM exits, so a test suite starts Kafka once however many
 * test classes use it.
 *
 * <pre>{@code
 * Devstack.kafka().bootstrapServers();
 * Devstack.kafka().createCompactedTopic("workload-types");
 * Devstack.kafka().stopBroker(); ... Devstack.kafka().startBroker();
 * Devstack.postgres().jdbcUrl();
 * Devstack.kubernetes().client();
 * Devstack.schemaRegistry().apiUrl();
 * }</pre>
 *
 * Inside Quarkus tests, whose class loaders come and go, every copy of this class reaches the same backends: they are
 * owned by the system class loader's copy (see {@link BackendViews}).
 */
public final class Devstack {

    private static final Shared<KafkaBackend> KAFKA =
            new Shared<>(() -> Backends.kafka(DevstackEnvironment.fromSystem(), 0));
    private static final Shared<PostgresBackend> POSTGRES =
            new Shared<>(() -> Backends.postgres(DevstackEnvironment.fromSystem(), 0));
    private static final Shared<SchemaRegistryBackend> SCHEMA_REGISTRY =
            new Shared<>(() -> Backends.schemaRegistry(DevstackEnvironment.fromSystem(), 0));
    private static final Shared<KubernetesBackend> KUBERNETES =
            new Shared<>(() -> Backends.kubernetes(DevstackEnvironment.fromSystem(), 0));

    /**
     * The copy of this class that owns the backends when this one is not it: the system class loader's, which lives as
     * long as the JVM (see {@link BackendViews}). Null when this copy is the owner.
     */
    private static final Class<?> OWNER = ownerElsewhere();

    private static final List<Backend> STARTED = new ArrayList<>();
    private static boolean shutdownHookInstalled;
    private static final Map<String, Backend> VIEWS = new ConcurrentHashMap<>();

    private Devstack() {
    }

    public static KafkaBackend kafka() {
        return OWNER == null ? KAFKA.get() : view("kafka", BackendViews.KafkaView::new);
    }

    public static PostgresBackend postgres() {
        return OWNER == null ? POSTGRES.get() : view("postgres", BackendViews.PostgresView::new);
    }

    public static SchemaRegistryBackend schemaRegistry() {
        return OWNER == null ? SCHEMA_REGISTRY.get() : view("schemaRegistry", BackendViews.SchemaRegistryView::new);
    }

    public static KubernetesBackend kubernetes() {
        return OWNER == null ? KUBERNETES.get() : view("kubernetes", BackendViews.KubernetesView::new);
    }

    /** Starts all four side by side (if not yet started) and returns their Quarkus configuration merged. */
    @SuppressWarnings("unchecked")
    public static Map<String, String> startAll() {
        if (OWNER != null) {
            return new LinkedHashMap<>((Map<String, String>) callOwner("startAll"));
        }
        List<Supplier<Backend>> starters = List.of(Devstack::kafka, Devstack::postgres, Devstack::schemaRegistry,
                Devstack::kubernetes);
        Map<String, String> config = new LinkedHashMap<>();
        for (Backend backend : withOwnContextClassLoader(() -> Parallel.run(starters))) {
            config.putAll(backend.quarkusConfig());
        }
        return config;
    }

    /**
     * Runs backend work with this class's loader as the thread context class loader, which threads the backends create
     * inherit. Kafka loads plugins (e.g. its share-group state persister) through the context class loader; left to a
     * Quarkus test's loader it would mix two copies of Kafka's classes and fail.
     */
    static <T> T withOwnContextClassLoader(Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(Devstack.class.getClassLoader());
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    static Runnable withOwnContextClassLoader(Runnable action) {
        return () -> withOwnContextClassLoader(() -> {
            action.run();
            return null;
        });
    }

    /**
     * For other class loaders' copies of this class only: the named JVM-wide backend, started if need be, as JDK types.
     */
    public static Map<String, Object> exportBackend(String name) {
        Backend backend = switch (name) {
            case "kafka" -> kafka();
            case "postgres" -> postgres();
            case "schemaRegistry" -> schemaRegistry();
            case "kubernetes" -> kubernetes();
            default -> throw new IllegalArgumentException("No backend named " + name);
        };
        return BackendViews.export(backend);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Backend> T view(String name, Function<Map<String, Object>, T> viewFactory) {
        return (T) VIEWS.computeIfAbsent(name,
                n -> viewFactory.apply((Map<String, Object>) callOwner("exportBackend", n)));
    }

    private static Object callOwner(String method, Object... arguments) {
        Class<?>[] types = new Class<?>[arguments.length];
        Arrays.fill(types, String.class);
        try {
            return OWNER.getMethod(method, types).invoke(null, arguments);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot reach the JVM-wide devstack in the system class loader", e);
        }
    }

    private static Class<?> ownerElsewhere() {
        ClassLoader system = ClassLoader.getSystemClassLoader();
        if (Devstack.class.getClassLoader() == system) {
            return null;
        }
        try {
            Class<?> owner = Class.forName(Devstack.class.getName(), true, system);
            return owner == Devstack.class ? null : owner;
        } catch (ClassNotFoundException | LinkageError e) {
            return null; // the devstack is not on the JVM's class path: this copy owns its backends
        }
    }

    private static synchronized void started(Backend backend) {
        STARTED.add(backend);
        if (!shutdownHookInstalled) {
            shutdownHookInstalled = true;
            Runtime.getRuntime().addShutdownHook(new Thread(Devstack::stopAll, "devstack-shutdown"));
        }
    }

    private static void stopAll() {
        List<Backend> backends;
        synchronized (Devstack.class) {
            backends = List.copyOf(STARTED);
            STARTED.clear();
        }
        Parallel.closeAll(backends);
    }

    /** One lazily started backend; its own lock, so different backends can start at the same time. */
    private static final class Shared<T extends Backend> {
        private final Supplier<T> starter;
        private T instance;

        Shared(Supplier<T> starter) {
            this.starter = starter;
        }

        synchronized T get() {
            if (instance == null) {
                instance = withOwnContextClassLoader(starter);
                started(instance);
            }
            return instance;
        }
    }
}
