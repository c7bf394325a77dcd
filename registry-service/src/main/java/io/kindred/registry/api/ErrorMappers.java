package io.kindred.registry.api;

import io.kindred.registry.errors.ApiException;
import io.kindred.registry.errors.ErrorBody;
import io.kindred.registry.errors.TooManyRequestsException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into Run:ai's error body {@code {"code","message","details"}} with the right status.
 * Bad input must never surface as a 500: Jackson's reading errors name the offending field path, JAX-RS routing
 * errors keep their status, and security failures become 401/403. Only a genuine server fault is a 500, logged
 * with an incident id that the client also sees.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);
    static final String BEARER_CHALLENGE = "Bearer";

    @ServerExceptionMapper
    public Response apiException(ApiException e) {
        return respond(e.body());
    }

    @ServerExceptionMapper
    public Response tooManyRequests(TooManyRequestsException e) {
        return Response.fromResponse(respond(e.body())).header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds()).build();
    }

    @ServerExceptionMapper
    public Response unrecognizedField(UnrecognizedPropertyException e) {
        String path = JsonPaths.of(e);
        return respond(new ErrorBody(400, "Unknown field '" + path + "'",
                "The request body has a field this endpoint does not accept: " + path));
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e) {
        String path = JsonPaths.of(e);
        String expected = e.getTargetType() == null ? "another type" : JsonPaths.describe(e.getTargetType());
        return respond(new ErrorBody(400, "Field '" + path + "' has a value of the wrong type", path + ": expected " + expected));
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        String path = JsonPaths.of(e);
        if (path.isEmpty()) {
            return respond(new ErrorBody(400, "The request body has the wrong shape", e.getOriginalMessage()));
        }
        String expected = e.getTargetType() == null ? "another type" : JsonPaths.describe(e.getTargetType());
        return respond(new ErrorBody(400, "Field '" + path + "' has a value of the wrong type", path + ": expected " + expected));
    }

    @ServerExceptionMapper
    public Response jsonMapping(JsonMappingException e) {
        // e.g. a duplicate key (strict duplicate detection) or a value a constructor rejected
        String path = JsonPaths.of(e);
        return respond(new ErrorBody(400, path.isEmpty() ? "The request body is not valid" : "Field '" + path + "' is not valid",
                e.getOriginalMessage()));
    }

    @ServerExceptionMapper
    public Response jsonProcessing(JsonProcessingException e) {
        return respond(malformedJson(e));
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return unauthenticated("Authentication is required: send a bearer token (Authorization: Bearer <token>).");
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return unauthenticated("The bearer token is missing, expired, malformed or from an unfamiliar issuer.");
    }

    @ServerExceptionMapper
    public Response authenticationCompletion(AuthenticationCompletionException e) {
        return unauthenticated("The bearer token could not be verified.");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(ErrorBody.of(403, "You do not have sufficient permissions."));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        Throwable cause = e.getCause();
        if (cause instanceof MismatchedInputException mismatched) {
            return mismatchedInput(mismatched);
        }
        if (cause instanceof StreamConstraintsException || cause instanceof StreamReadException
                || cause instanceof DatabindException) {
            return respond(malformedJson((JsonProcessingException) cause));
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            return serverFault(e);
        }
        return respond(ErrorBody.of(status, clientErrorMessage(status, e)));
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        return serverFault(e);
    }

    static Response respond(ErrorBody body) {
        Response.ResponseBuilder builder = Response.status(body.code()).type(MediaType.APPLICATION_JSON_TYPE).entity(body);
        if (body.code() == 401) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, BEARER_CHALLENGE);
        }
        return builder.build();
    }

    private static Response unauthenticated(String details) {
        return respond(new ErrorBody(401, "Unauthorized", details));
    }

    private static Response serverFault(Throwable e) {
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure (incident %s)", incident);
        return respond(new ErrorBody(500, "Something went wrong.", "incident " + incident));
    }

    private static ErrorBody malformedJson(JsonProcessingException e) {
        String where = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        return new ErrorBody(400, "The request body is not valid JSON", e.getOriginalMessage() + where);
    }

    private static String clientErrorMessage(int status, WebApplicationException e) {
        return switch (status) {
            case 404 -> "Resource not found.";
            case 405 -> "Method not allowed on this resource.";
            case 406 -> "Only application/json responses are available.";
            case 413 -> "The request body is too large.";
            case 415 -> "Unsupported content type: send application/json.";
            default -> e.getMessage() == null ? Response.Status.fromStatusCode(status) + "" : e.getMessage();
        };
    }
}
