package io.kindred.scheduleradapter.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.kindred.scheduleradapter.backend.Backend;
import java.net.HttpURLConnection;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Writes PodGroups with server-side apply under the adapter's own field manager, so fields other managers set
 * (a queue an administrator changed, the scheduler's status and bookkeeping annotations) are never overwritten:
 * a field another manager took over is a conflict, and the adapter then leaves that field to its new owner.
 * Before writing it compares with the live object from the {@link PodGroupStore}; an equal spec is not written.
 *
 * <p>The apply is one PATCH sent through the fabric8 client's own HTTP client (its authentication, TLS, interceptors
 * and timeouts), not through the resource DSL: the DSL builds an operation context and the URL anew for every call
 * and parses the API server's answer into an object the adapter never reads, which together were half the CPU of
 * applying a workload's gang (JFR, docs/benchmarks.md "scheduler-adapter"). Refusals still surface as
 * {@link KubernetesClientException} with the API server's {@link Status}, as the DSL reports them.
 */
public final class PodGroupWriter {

    private static final Logger LOG = Logger.getLogger(PodGroupWriter.class);
    public static final String FIELD_MANAGER = "kindred-scheduler-adapter";

    private final KubernetesClient client;
    private final Backend backend;
    private final PodGroupStore store;
    private final AtomicLong applies = new AtomicLong();
    /** {@code <master>/apis/<group>/<version>/namespaces/}: the constant start of every apply's URL. */
    private final String collectionsBase;

    public PodGroupWriter(KubernetesClient client, Backend backend, PodGroupStore store) {
        this.client = client;
        this.backend = backend;
        this.store = store;
        String master = client.getMasterUrl().toString();
        this.collectionsBase = (master.endsWith("/") ? master : master + "/") + "apis/" + backend.apiVersion()
                + "/namespaces/";
    }

    /** The outcome of one apply. */
    public enum Applied { WRITTEN, UNCHANGED, WRITTEN_WITHOUT_CONFLICTING_FIELDS }

    /**
     * @throws KubernetesClientException when the API server refuses the group (e.g. the scheduler's webhook) or
     *                                   cannot be reached
     */
    public Applied apply(GenericKubernetesResource desired) {
        String namespace = desired.getMetadata().getNamespace();
        String name = desired.getMetadata().getName();
        GenericKubernetesResource live = store.get(namespace, name);
        if (live != null && sameAsDesired(live, desired)) {
            return Applied.UNCHANGED;
        }
        try {
            write(desired);
            return Applied.WRITTEN;
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            // Another manager owns a field we set (typically spec.queue, changed by an administrator): leave it to
            // them and apply the rest.
            LOG.infof("PodGroup %s/%s: %s; leaving spec.queue to its current manager", namespace, name, e.getMessage());
            GenericKubernetesResource withoutQueue = withoutQueue(desired);
            write(withoutQueue);
            return Applied.WRITTEN_WITHOUT_CONFLICTING_FIELDS;
        }
    }

    /** One server-side apply: creates or updates (every API server since 1.22, and the devstack's mock API server). */
    private void write(GenericKubernetesResource desired) {
        applies.incrementAndGet();
        HttpClient http = client.getHttpClient();
        // without force: a field another manager owns is a 409, which apply() answers by leaving it to them
        HttpRequest request = http.newHttpRequestBuilder()
                .uri(collectionsBase + encode(desired.getMetadata().getNamespace()) + "/" + backend.plural() + "/"
                        + encode(desired.getMetadata().getName()) + "?fieldManager=" + FIELD_MANAGER)
                .method("PATCH", "application/apply-patch+yaml", client.getKubernetesSerialization().asJson(desired))
                .build();
        HttpResponse<String> response;
        try {
            int timeout = client.getConfiguration().getRequestTimeout(); // fabric8's: 0 or less = none
            var answer = http.sendAsync(request, String.class);
            response = timeout > 0 ? answer.get(timeout, TimeUnit.MILLISECONDS) : answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw KubernetesClientException.launderThrowable(e);
        } catch (ExecutionException e) {
            throw KubernetesClientException.launderThrowable(e.getCause());
        } catch (TimeoutException e) {
            throw new KubernetesClientException("no answer to the apply of PodGroup " + desired.getMetadata().getNamespace()
                    + "/" + desired.getMetadata().getName() + " within the request timeout", e);
        }
        if (!response.isSuccessful()) {
            // named as the DSL named it (method and URL), so the dead-letter reason and the log say which group
            Status status = status(response);
            throw new KubernetesClientException("Failure executing: PATCH at: " + request.uri() + ". Message: "
                    + status.getMessage(), null, status.getCode(), status, request);
        }
    }

    /** The API server's Status of a refusal, or one made from the HTTP code when the body is not a Status. */
    private Status status(HttpResponse<String> response) {
        String body = response.body();
        try {
            Status status = body == null || body.isBlank() ? null
                    : client.getKubernetesSerialization().unmarshal(body, Status.class);
            if (status != null && status.getCode() != null) {
                return status;
            }
        } catch (RuntimeException notAStatus) {
            // answered below from the HTTP code
        }
        return new StatusBuilder().withCode(response.code()).withStatus("Failure")
                .withMessage("HTTP " + response.code() + (body == null || body.isBlank() ? "" : ": " + body)).build();
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }

    /**
     * Deletes one group; gone already counts as done.
     *
     * @throws KubernetesClientException when the API server cannot be reached or refuses
     */
    public void delete(String namespace, String name) {
        client.genericKubernetesResources(PodGroupStore.context(backend)).inNamespace(namespace).withName(name).delete();
    }

    /** Server-side applies sent (each a write to the API server), since start. */
    public long applies() {
        return applies.get();
    }

    /** The fields this adapter sets: spec, its labels and annotations, its owner reference. */
    @SuppressWarnings("unchecked")
    static boolean sameAsDesired(GenericKubernetesResource live, GenericKubernetesResource desired) {
        Map<String, Object> liveSpec = (Map<String, Object>) live.getAdditionalProperties().get("spec");
        Map<String, Object> desiredSpec = (Map<String, Object>) desired.getAdditionalProperties().get("spec");
        if (liveSpec == null || !containsAll(liveSpec, desiredSpec)) {
            return false;
        }
        return containsAll(live.getMetadata().getLabels(), desired.getMetadata().getLabels())
                && containsAll(live.getMetadata().getAnnotations(), desired.getMetadata().getAnnotations())
                && Objects.equals(live.getMetadata().getOwnerReferences(), desired.getMetadata().getOwnerReferences());
    }

    /** Every entry of {@code wanted} is in {@code actual} with an equal value (numbers compared by value). */
    private static boolean containsAll(Map<String, ?> actual, Map<String, ?> wanted) {
        if (wanted == null || wanted.isEmpty()) {
            return true;
        }
        if (actual == null) {
            return false;
        }
        for (Map.Entry<String, ?> entry : wanted.entrySet()) {
            if (!sameValue(actual.get(entry.getKey()), entry.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameValue(Object actual, Object wanted) {
        if (actual instanceof Number a && wanted instanceof Number w) {
            return a.longValue() == w.longValue();
        }
        if (actual instanceof java.util.List<?> a && wanted instanceof java.util.List<?> w) {
            if (a.size() != w.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!sameValue(a.get(i), w.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (actual instanceof Map<?, ?> a && wanted instanceof Map<?, ?> w) {
            return a.size() == w.size() && containsAll(castMap(a), castMap(w));
        }
        return Objects.equals(actual, wanted);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> castMap(Map<?, ?> map) {
        return (Map<String, ?>) map;
    }

    @SuppressWarnings("unchecked")
    private static GenericKubernetesResource withoutQueue(GenericKubernetesResource desired) {
        GenericKubernetesResource copy = new GenericKubernetesResource();
        copy.setApiVersion(desired.getApiVersion());
        copy.setKind(desired.getKind());
        copy.setMetadata(desired.getMetadata());
        Map<String, Object> spec = new java.util.LinkedHashMap<>((Map<String, Object>) desired.getAdditionalProperties().get("spec"));
        spec.remove("queue");
        copy.setAdditionalProperties(new java.util.LinkedHashMap<>(Map.of("spec", spec)));
        return copy;
    }
}
