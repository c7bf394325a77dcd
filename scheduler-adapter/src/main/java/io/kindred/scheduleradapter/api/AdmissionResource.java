package io.kindred.scheduleradapter.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kindred.scheduleradapter.binding.PodAdmission;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The mutating admission webhook for pods (AdmissionReview v1). The MutatingWebhookConfiguration points here; it
 * is served on the TLS port in a cluster (see the README for the certificate wiring).
 */
@Path("/admission/pods")
public class AdmissionResource {

    /** Pods are at most ~1.5 MiB in etcd; anything much larger is not an AdmissionReview from an API server. */
    static final int MAX_BODY = 3 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build());
    }

    @Inject
    PodAdmission admission;

    @Inject
    MeterRegistry registry;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Binds a pod being created to its gang (AdmissionReview v1 in, AdmissionReview with a JSON patch out)")
    public Response review(byte[] body) {
        Timer.Sample sample = Timer.start(registry);
        try {
            if (body == null || body.length == 0) {
                return malformed("the body is empty; expected an AdmissionReview");
            }
            if (body.length > MAX_BODY) {
                return Response.status(413).entity(Map.of("code", 413, "message", "AdmissionReview larger than "
                        + MAX_BODY + " bytes", "details", "body has " + body.length + " bytes")).build();
            }
            JsonNode review;
            try {
                review = JSON.readTree(body);
            } catch (JsonProcessingException e) {
                return malformed("the body is not JSON: " + e.getOriginalMessage());
            } catch (java.io.IOException e) {
                return malformed("the body cannot be read: " + e.getMessage());
            }
            return Response.ok(admission.review(review)).build();
        } catch (PodAdmission.MalformedReview e) {
            return malformed(e.getMessage());
        } finally {
            sample.stop(registry.timer("kindred.adapter.admission.duration"));
        }
    }

    private static Response malformed(String message) {
        return Response.status(400).entity(Map.of("code", 400, "message", "malformed AdmissionReview: " + message,
                "details", "POST an admission.k8s.io/v1 AdmissionReview with request.uid and request.object")).build();
    }
}
