package io.kindred.scheduleradapter.cluster;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kindred.scheduleradapter.gang.Root;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Kubernetes Events on a workload's objects, so a person running {@code kubectl describe} sees why its gang was
 * refused or why a pod was not bound. Best effort: failing to record an Event is logged, never fatal.
 */
public final class WorkloadEvents {

    private static final Logger LOG = Logger.getLogger(WorkloadEvents.class);
    public static final String COMPONENT = "kindred-scheduler-adapter";

    private final KubernetesClient client;

    public WorkloadEvents(KubernetesClient client) {
        this.client = client;
    }

    /** A Warning event on {@code object}. */
    public void warn(Root object, String reason, String message) {
        if (object.namespace() == null) {
            LOG.warnf("%s %s: %s (no Event: cluster-scoped object)", object.describe(), reason, message);
            return;
        }
        String now = Instant.now().toString();
        try {
            client.v1().events().inNamespace(object.namespace()).resource(new EventBuilder()
                    .withNewMetadata()
                    .withName(object.name() + "." + UUID.randomUUID().toString().substring(0, 8))
                    .withNamespace(object.namespace())
                    .endMetadata()
                    .withInvolvedObject(new ObjectReferenceBuilder()
                            .withApiVersion(object.apiVersion())
                            .withKind(object.kind())
                            .withNamespace(object.namespace())
                            .withName(object.name())
                            .withUid(object.uid())
                            .build())
                    .withType("Warning")
                    .withReason(reason)
                    .withMessage(message.length() > 1024 ? message.substring(0, 1023) + "…" : message)
                    .withFirstTimestamp(now)
                    .withLastTimestamp(now)
                    .withCount(1)
                    .withNewSource().withComponent(COMPONENT).endSource()
                    .withReportingComponent(COMPONENT)
                    .build()).create();
        } catch (RuntimeException e) {
            LOG.warnf("Cannot record Event %s on %s: %s", reason, object.describe(), e.toString());
        }
    }
}
