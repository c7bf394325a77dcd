package io.kindred.registry.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.LaunchMode;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.crypto.SecretKey;
import java.security.PrivateKey;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;

/**
 * Verifies bearer tokens for quarkus-smallrye-jwt, accepting two issuers side by side: the built-in one (tokens from
 * POST /api/v1/token, checked against {@link SigningKeys}) and, when configured, an external OIDC provider, set up
 * with the standard MicroProfile JWT properties ({@code mp.jwt.verify.issuer}, {@code mp.jwt.verify.publickey.location}
 * — e.g. the provider's JWKS URL —, {@code smallrye.jwt.path.groups}, {@code mp.jwt.verify.audiences}, required). MicroProfile
 * JWT knows one issuer and one key source, so this parser replaces the default one: it reads the token's unverified
 * {@code iss} only to pick the verification settings, then verifies signature, issuer, expiry and audience in full.
 * A provider token's roles are only those {@code kindred.auth.external.role-mapping} maps its roles or groups to
 * ({@link ExternalRoles}). A token from any other issuer is refused ("Issuer is not familiar.", Run:ai's wording).
 * Because the external key location is the standard property, Quarkus runs authentication off the event loop
 * whenever it is a URL.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class KindredJwtParser implements JWTParser {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AuthConfig config;

    @Inject
    SigningKeys keys;

    private static final Logger LOG = Logger.getLogger(KindredJwtParser.class);
    private static final String QUARKUS_DEV_ISSUER = "https://quarkus.io/issuer";

    private DefaultJWTParser internal;
    private DefaultJWTParser external;
    private ExternalRoles externalRoles;

    @Inject
    JWTAuthContextInfo externalContext;

    @ConfigProperty(name = "mp.jwt.verify.issuer")
    Optional<String> externalIssuer;

    @ConfigProperty(name = "mp.jwt.verify.publickey.location")
    Optional<String> externalKeyLocation;

    @ConfigProperty(name = "mp.jwt.verify.publickey")
    Optional<String> externalKey;

    @PostConstruct
    void init() {
        JWTAuthContextInfo internalContext = new JWTAuthContextInfo(keys.publicKey(), config.token().issuer());
        internalContext.setClockSkew(5);
        internal = new DefaultJWTParser(internalContext);

        if (isQuarkusDevKeyPair()) {
            return; // no external issuer configured: dev and test mode fill these in with a generated key pair
        }
        boolean externalKeys = externalKeyLocation.isPresent() || externalKey.isPresent();
        if (externalKeys != externalIssuer.isPresent()) {
            throw new IllegalStateException("An external token issuer needs both mp.jwt.verify.issuer and "
                    + "mp.jwt.verify.publickey.location (or mp.jwt.verify.publickey)");
        }
        if (externalIssuer.isPresent() && externalIssuer.get().equals(config.token().issuer())) {
            throw new IllegalStateException("mp.jwt.verify.issuer must differ from kindred.auth.token.issuer");
        }
        if (externalKeys) {
            checkAudience(externalContext.getExpectedAudience());
            externalRoles = ExternalRoles.parse(config.external().roleMapping().orElse(List.of()));
            external = new DefaultJWTParser(externalContext);
            LOG.infof("External token issuer %s accepted for audience %s; provider roles mapped: %s", externalIssuer.get(),
                    externalContext.getExpectedAudience(), externalRoles.providerRoles());
        }
    }

    /**
     * In dev and test mode, when no verification key is configured, Quarkus generates a key pair and sets
     * mp.jwt.verify.issuer to its own default issuer and mp.jwt.verify.publickey inline; that is not an external issuer.
     */
    private boolean isQuarkusDevKeyPair() {
        return LaunchMode.current() != LaunchMode.NORMAL && externalKeyLocation.isEmpty()
                && externalIssuer.filter(QUARKUS_DEV_ISSUER::equals).isPresent();
    }

    /** A provider issues tokens for many applications: without an audience, any of them would be accepted here. */
    static void checkAudience(Set<String> audiences) {
        if (audiences == null || audiences.stream().allMatch(audience -> audience == null || audience.isBlank())) {
            throw new IllegalStateException("An external token issuer (mp.jwt.verify.issuer) needs mp.jwt.verify.audiences "
                    + "(env MP_JWT_VERIFY_AUDIENCES): the audience (aud) the provider puts in tokens meant for Kindred, "
                    + "e.g. its client id; otherwise a token the provider issued for any other application would be accepted");
        }
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        String issuer = unverifiedIssuer(token);
        if (config.token().issuer().equals(issuer)) {
            return internal.parse(token);
        }
        if (external != null && externalIssuer.get().equals(issuer)) {
            return withKindredRoles(token, external.parse(token));
        }
        throw new ParseException("Issuer is not familiar.");
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return internal.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return internal.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return internal.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return internal.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return internal.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return internal.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return internal.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return internal.parseOnly(token);
    }

    /**
     * The verified token with its groups replaced by the Kindred roles its provider roles map to, so that Quarkus,
     * which takes roles from the groups, sees only what the mapping grants.
     */
    private JsonWebToken withKindredRoles(String token, JsonWebToken verified) throws ParseException {
        try {
            JwtClaims claims = JwtClaims.parse(payloadJson(token));
            claims.setClaim(Claims.raw_token.name(), token);
            claims.setStringListClaim(Claims.groups.name(), List.copyOf(externalRoles.map(verified.getGroups())));
            return new DefaultJWTCallerPrincipal(token, "JWT", claims);
        } catch (InvalidJwtException e) {
            throw new ParseException("The token is malformed");
        }
    }

    private static String payloadJson(String token) {
        String[] parts = token.split("\\.", -1);
        return new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    }

    /** The {@code iss} claim, read without verification, only to choose how to verify. */
    static String unverifiedIssuer(String token) throws ParseException {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new ParseException("The token is not a signed JWT");
        }
        try {
            JsonNode claims = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            JsonNode issuer = claims == null ? null : claims.get("iss");
            if (issuer == null || !issuer.isTextual()) {
                throw new ParseException("The token has no issuer");
            }
            return issuer.asText();
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw new ParseException("The token is malformed");
        }
    }
}
