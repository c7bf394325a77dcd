package io.kindred.scheduleradapter;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kindred.kafka.KafkaClients;
import io.kindred.scheduleradapter.binding.PodAdmission;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Wires the plain-Java {@link AdapterRuntime} into Quarkus and starts it with the application. */
@ApplicationScoped
public class AdapterBeans {

    @Produces
    @Singleton
    AdapterRuntime runtime(AdapterConfig config, KubernetesClient kubernetes,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "apicurio.registry.url") String registryUrl) {
        return new AdapterRuntime(config, new KafkaClients(kafkaConfig, registryUrl, "kindred-scheduler-adapter"),
                kubernetes);
    }

    @Produces
    @Singleton
    PodAdmission admission(AdapterRuntime runtime) {
        return runtime.admission();
    }

    void start(@Observes StartupEvent startup, AdapterRuntime runtime, MeterRegistry registry) {
        Gauge.builder("kindred.adapter.leader", runtime, r -> r.leadership().mayAct() ? 1 : 0)
                .description("1 while this replica leads (runs the pod reconciler), 0 while it is a standby")
                .register(registry);
        runtime.start();
    }

    void stop(@Observes ShutdownEvent shutdown, AdapterRuntime runtime) {
        runtime.close();
    }
}
