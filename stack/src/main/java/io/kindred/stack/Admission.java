package io.kindred.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the API server would send scheduler-adapter's mutating webhook when a pod is created (the devstack's mock API
 * server calls no webhooks, so the demo and the end-to-end test post the AdmissionReview themselves).
 */
public final class Admission {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Admission() {
    }

    /** A pod owned by {@code owner} ({apiVersion, kind, name, uid}), with these labels, asking for KAI. */
    public static ObjectNode podCreate(String namespace, String podName, JsonNode owner, ObjectNode labels) {
        ObjectNode review = JSON.createObjectNode().put("apiVersion", "admission.k8s.io/v1")
                .put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request").put("uid", UUID.randomUUID().toString())
                .put("operation", "CREATE").put("namespace", namespace);
        request.putObject("kind").put("group", "").put("version", "v1").put("kind", "Pod");
        request.putObject("resource").put("group", "").put("version", "v1").put("resource", "pods");
        ObjectNode pod = request.putObject("object").put("apiVersion", "v1").put("kind", "Pod");
        ObjectNode metadata = pod.putObject("metadata").put("name", podName).put("namespace", namespace);
        metadata.set("labels", labels);
        metadata.putArray("ownerReferences").addObject()
                .put("apiVersion", owner.path("apiVersion").asText()).put("kind", owner.path("kind").asText())
                .put("name", owner.path("name").asText()).put("uid", owner.path("uid").asText())
                .put("controller", true);
        ObjectNode spec = pod.putObject("spec").put("schedulerName", "kai-scheduler");
        spec.putArray("containers").addObject().put("name", "main").put("image", "busybox");
        return review;
    }

    /** Posts the review; the decoded JSON patch of the response ("[]" when the webhook changes nothing). */
    public static String review(String adapterUrl, ObjectNode review) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(adapterUrl + "/admission/pods"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(review.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the webhook answered " + response.statusCode() + ": "
                        + response.body());
            }
            JsonNode answer = JSON.readTree(response.body()).path("response");
            if (!answer.path("allowed").asBoolean(false)) {
                throw new IllegalStateException("the webhook refused the pod: " + answer);
            }
            String patch = answer.path("patch").asText("");
            return patch.isEmpty() ? "[]" : new String(Base64.getDecoder().decode(patch), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach " + adapterUrl + "/admission/pods: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
