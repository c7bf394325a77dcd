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

    External external();


    interface Token {
        /** {@code iss} of the tokens this service issues (env KINDRED_TOKEN_ISSUER; default in application.properties). */
        String issuer();

        /** Lifetime of an issued token (env KINDRED_TOKEN_LIFETIME; default in application.properties). */
        Duration lifetime();

        /**
         * PEM file (PKCS#8) with the RSA private key that signs tokens. Unset = a fresh key per process, fine for one
         * replica; several replicas must share one key so each accepts the others' tokens.
         */
        Optional<String> signingKeyLocation();

        RateLimit rateLimit();
    }

    /**
     * Limits of POST /api/v1/token, checked before any bcrypt work: per source address and per client id (all unknown
     * client ids share one limit). Token buckets: a burst up to the limit passes, the sustained rate is the limit per
     * period. Beyond it: 429 with Retry-After.
     */
    interface RateLimit {
        @WithDefault("true")
        boolean enabled();

        /** Requests per period for one client id (right or wrong secret). */
        @WithDefault("30")
        int perClient();

        /** Requests per period from one source address (the peer, or the forwarded address behind a trusted proxy). */
        @WithDefault("60")
        int perSource();

        @WithDefault("PT1M")
        Duration period();

        /** Most source addresses tracked at once; beyond it new ones share one limit. */
        @WithDefault("10000")
        int maxTrackedSources();
    }

    interface Admin {
        /** Client id of the administrator client (env KINDRED_ADMIN_CLIENT_ID). */
        Optional<String> clientId();

        /** Its secret in clear (env KINDRED_ADMIN_CLIENT_SECRET); hashed in memory at start-up, never logged. */
        Optional<String> clientSecret();
    }

    /** The external OIDC issuer's role mapping (its issuer, keys and audience are the mp.jwt.* properties). */
    interface External {
        /**
         * {@code <provider role or group>=<viewer|admin>} pairs: the only way a provider's token gets a Kindred role.
         * Required when an external issuer is configured.
         */
        Optional<List<String>> roleMapping();
    }

    interface Client {
        /** bcrypt hash ($2a$/$2b$) of the client's secret. */
        String secretHash();

        /** Roles granted: viewer, researcher and/or admin. */
        @WithDefault("viewer")
        List<String> roles();
    }

}
