package io.kindred.registry.auth;

import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;

/** Issues the short-lived RS256 access tokens of the built-in issuer. */
@ApplicationScoped
public class TokenIssuer {

    public record IssuedToken(String accessToken, long expiresIn) {
    }

    @Inject
    AuthConfig config;

    @Inject
    SigningKeys keys;

    public IssuedToken issue(ClientRegistry.RegisteredClient client) {
        Instant now = Instant.now();
        long lifetime = config.token().lifetime().toSeconds();
        String token = Jwt.issuer(config.token().issuer())
                .subject(client.id())
                .upn(client.id())
                .groups(client.roles())
                .claim("client_id", client.id())
                .claim("jti", UUID.randomUUID().toString())
                .issuedAt(now)
                .expiresAt(now.plusSeconds(lifetime))
                .jws()
                .keyId(keys.keyId())
                .sign(keys.privateKey());
        return new IssuedToken(token, lifetime);
    }
}
