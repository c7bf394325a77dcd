package io.kindred.registry.api;

import io.kindred.registry.auth.ClientRegistry;
import io.kindred.registry.auth.TokenIssuer;
import io.kindred.registry.auth.TokenRateLimits;
import io.kindred.registry.auth.TokenRequest;
import com.fasterxml.jackson.databind.JsonNode;
import io.kindred.registry.errors.ApiException;
import io.kindred.registry.errors.ErrorBody;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/** Run:ai's token endpoint: application credentials in, a short-lived bearer token out. */
@Path("/api/v1/token")
@Tag(name = "Tokens")
@PermitAll
public class TokenResource {

    private static final Logger LOG = Logger.getLogger(TokenResource.class);

    /** Run:ai's TokenResponse; Kindred fills accessToken and expiresIn (seconds). */
    public record TokenResponse(String accessToken, long expiresIn) {
    }

    @Inject
    ClientRegistry clients;

    @Inject
    TokenIssuer issuer;

    @Inject
    TokenRateLimits limits;

    @Context
    HttpServerRequest http;

    /** Blocking on purpose (a worker thread): checking a secret is a deliberately slow bcrypt round. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @SecurityRequirements
    @Operation(operationId = "grant_token", summary = "Create an access token v1",
            description = "grantType app_token with AppId/AppSecret, or client_credentials with clientId/clientSecret (field names are case-insensitive).")
    @APIResponse(responseCode = "200", description = "Executed successfully.")
    @APIResponse(responseCode = "400", description = "Bad request.", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "401", description = "Unknown client or wrong secret.", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "429", description = "Too many requests from this source address or for this client; see Retry-After.",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public TokenResponse grant(JsonNode body) {
        limits.checkSource(http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress());
        TokenRequest request = TokenRequest.from(body);
        limits.checkClient(request.clientId());
        ClientRegistry.RegisteredClient client = clients.authenticate(request.clientId(), request.clientSecret())
                .orElseThrow(() -> {
                    LOG.infof("Token refused for client '%s' (%s): unknown client or wrong secret", request.clientId(), request.grantType());
                    return new ApiException(401, "Invalid client credentials.", "Unknown client id or wrong secret");
                });
        TokenIssuer.IssuedToken token = issuer.issue(client);
        return new TokenResponse(token.accessToken(), token.expiresIn());
    }
}
