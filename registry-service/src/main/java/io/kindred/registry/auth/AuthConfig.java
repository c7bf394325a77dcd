package io.kindred.registry.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Authentication settings ({@code kindred.auth.*}): the built-in token issuer and its clients. An external OIDC issuer
 * is configured with the standard MicroProfile JWT properties instead (see {@link KindredJwtParser}).
 */
@ConfigMapping(prefix = "kindred.auth")
public interface AuthConfig {

    Token token();

    Admin admin();

    /** Further application clients, keyed by client id: {@code kindred.auth.clients."<id>".secret-hash / roles}. */
    Map<String, Client> clients();


    interface Token {
        /** {@code iss} of the tokens this service issues. */
        @WithDefault("kindred-registry")
        String issuer();

        /** Lifetime of an issued token. */
        @WithDefault("PT1H")
        Duration lifetime();

        /**
         * PEM file (PKCS#8) with the RSA private key that signs tokens. Unset = a fresh key per process, fine for one
         * replica; several replicas must share one key so each accepts the others' tokens.
         */
        Optional<String> signingKeyLocation();
    }

    interface Admin {
        /** Client id of the administrator client (env KINDRED_ADMIN_CLIENT_ID). */
        Optional<String> clientId();

        /** Its secret in clear (env KINDRED_ADMIN_CLIENT_SECRET); hashed in memory at start-up, never logged. */
        Optional<String> clientSecret();
    }

    interface Client {
        /** bcrypt hash ($2a$/$2b$) of the client's secret. */
        String secretHash();

        /** Roles granted: viewer, researcher and/or admin. */
        @WithDefault("viewer")
        List<String> roles();
    }

}
