package io.kindred.scheduleradapter.binding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kindred.scheduleradapter.cluster.PodGroupStore;
import io.kindred.scheduleradapter.cluster.WorkloadEvents;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jboss.logging.Logger;

/**
 * Answers the API server's AdmissionReview for a pod being created: the patch that binds it to its gang (and, for
 * backends that would otherwise schedule it alone, holds it with a scheduling gate until its group exists). Never
 * refuses a pod: the webhook only ever adds, and when it cannot decide, the {@link PodReconciler} does later.
 */
public final class PodAdmission {

    private static final Logger LOG = Logger.getLogger(PodAdmission.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** A malformed AdmissionReview: answered with HTTP 400 and this message. */
    public static final class MalformedReview extends RuntimeException {
        public MalformedReview(String message) {
            super(message);
        }
    }

    private final PodBinder binder;
    private final PodGroupStore store;
    private final WorkloadEvents events;

    public PodAdmission(PodBinder binder, PodGroupStore store, WorkloadEvents events) {
        this.binder = binder;
        this.store = store;
        this.events = events;
    }

    /**
     * @param review the AdmissionReview the API server sent
     * @return the AdmissionReview to answer
     * @throws MalformedReview naming what is wrong
     */
    public ObjectNode review(JsonNode review) {
        if (review == null || !review.isObject()) {
            throw new MalformedReview("the body must be an AdmissionReview object");
        }
        String apiVersion = review.path("apiVersion").asText("");
        if (!apiVersion.equals("admission.k8s.io/v1")) {
            throw new MalformedReview("apiVersion must be admission.k8s.io/v1, not '" + apiVersion + "'");
        }
        if (!review.path("kind").asText("").equals("AdmissionReview")) {
            throw new MalformedReview("kind must be AdmissionReview, not '" + review.path("kind").asText("") + "'");
        }
        JsonNode request = review.get("request");
        if (request == null || !request.isObject()) {
            throw new MalformedReview("request is missing");
        }
        JsonNode uid = request.get("uid");
        if (uid == null || !uid.isTextual() || uid.asText().isEmpty()) {
            throw new MalformedReview("request.uid is missing");
        }
        ObjectNode response = JSON.objectNode().put("uid", uid.asText()).put("allowed", true);
        ObjectNode answer = JSON.objectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        answer.set("response", response);

        JsonNode object = request.get("object");
        boolean podCreate = request.path("operation").asText("").equals("CREATE")
                && request.path("kind").path("kind").asText("").equals("Pod");
        if (!podCreate) {
            return answer;
        }
        if (object == null || !object.isObject()) {
            throw new MalformedReview("request.object must be the pod being created");
        }
        ObjectNode pod = object.deepCopy();
        ObjectNode metadata = pod.has("metadata") && pod.get("metadata").isObject() ? (ObjectNode) pod.get("metadata")
                : pod.putObject("metadata");
        if (!metadata.path("namespace").isTextual() && request.path("namespace").isTextual()) {
            metadata.put("namespace", request.path("namespace").asText());
        }
        ArrayNode patch = patchFor(pod);
        if (!patch.isEmpty()) {
            response.put("patchType", "JSONPatch");
            response.put("patch", Base64.getEncoder().encodeToString(patch.toString().getBytes(StandardCharsets.UTF_8)));
        }
        return answer;
    }

    private ArrayNode patchFor(JsonNode pod) {
        BindingDecision decision = binder.decide(pod);
        boolean gates = binder.backend().needsSchedulingGate();
        String namespace = pod.path("metadata").path("namespace").asText("");
        if (decision instanceof BindingDecision.Bind bind) {
            return PodPatches.bind(pod, bind.binding(), gates && store.get(namespace, bind.group().name()) == null);
        }
        if (decision instanceof BindingDecision.OwnerNotKnownYet unknown) {
            LOG.debugf("Pod in %s: %s; %s", namespace, unknown.reason(),
                    gates ? "held by a scheduling gate until the reconciler binds it" : "the reconciler binds it");
            return gates ? PodPatches.addGate(pod) : JSON.arrayNode();
        }
        if (decision instanceof BindingDecision.Unplaceable unplaceable) {
            LOG.warnf("Pod %s/%s of %s is not bound: %s", namespace,
                    pod.path("metadata").path("name").asText(pod.path("metadata").path("generateName").asText("")),
                    unplaceable.root().describe(), unplaceable.reason());
            events.warn(unplaceable.root(), "GangBindingFailed", unplaceable.reason());
        }
        return JSON.arrayNode();
    }
}
