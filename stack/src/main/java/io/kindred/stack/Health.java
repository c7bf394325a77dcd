package io.kindred.stack;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A service's {@code /q/health/ready}: overall status and the checks' JSON. */
public record Health(boolean up, String status, JsonNode body, String error) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static Health ready(String serviceUrl) {
        try {
            HttpResponse<String> response = ServiceProcess.get(serviceUrl + "/q/health/ready", Duration.ofSeconds(5));
            JsonNode body = JSON.readTree(response.body());
            String status = body.path("status").asText("UNKNOWN");
            return new Health(response.statusCode() == 200 && "UP".equals(status), status, body, null);
        } catch (IOException e) {
            return new Health(false, "UNREACHABLE", null, e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Health(false, "UNREACHABLE", null, "interrupted");
        }
    }

    /** The data of the named check, or a missing node. */
    public JsonNode check(String name) {
        if (body != null) {
            for (JsonNode check : body.path("checks")) {
                if (check.path("name").asText().equals(name)) {
                    return check;
                }
            }
        }
        return JSON.missingNode();
    }
}
