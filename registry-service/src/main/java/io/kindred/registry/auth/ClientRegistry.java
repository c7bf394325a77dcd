package io.kindred.registry.auth;

import io.quarkus.elytron.security.common.BcryptUtil;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The application clients that may obtain tokens, with bcrypt hashes of their secrets (never the secrets
 * themselves, which are also never logged). The administrator client from the environment is hashed at start-up.
 * Verifying a secret costs a bcrypt round on purpose, so callers run it off the event loop.
 */
@ApplicationScoped
public class ClientRegistry {

    private static final Logger LOG = Logger.getLogger(ClientRegistry.class);
    private static final int DEFAULT_COST = 10;

    public record RegisteredClient(String id, String secretHash, Set<String> roles) {
    }

    @Inject
    AuthConfig config;

    private Map<String, RegisteredClient> clients = Map.of();
    /**
     * Compared against when the client id is unknown, so a wrong id costs the same time as a wrong secret: made with
     * the highest bcrypt cost of the configured hashes (the cost, not the secret, decides the time).
     */
    private String decoyHash;

    @PostConstruct
    void init() {
        Map<String, RegisteredClient> loaded = new LinkedHashMap<>();
        config.clients().forEach((id, client) -> {
            Set<String> roles = roles(id, client.roles());
            loaded.put(id, new RegisteredClient(id, bcryptHash(id, client.secretHash()), roles));
        });
        Optional<String> adminId = config.admin().clientId().filter(id -> !id.isBlank());
        Optional<String> adminSecret = config.admin().clientSecret().filter(secret -> !secret.isBlank());
        if (adminId.isPresent() != adminSecret.isPresent()) {
            throw new IllegalStateException("Set both KINDRED_ADMIN_CLIENT_ID and KINDRED_ADMIN_CLIENT_SECRET, or neither");
        }
        // the admin secret is hashed here, at the cost the configured hashes use, so every client costs the same
        int adminCost = loaded.values().stream().mapToInt(client -> cost(client.secretHash())).max().orElse(DEFAULT_COST);
        adminId.ifPresent(id -> loaded.put(id, new RegisteredClient(id, BcryptUtil.bcryptHash(adminSecret.get(), adminCost),
                Set.of(Roles.ADMIN, Roles.VIEWER))));
        clients = Map.copyOf(loaded);
        decoyHash = decoyHash(clients.values().stream().map(RegisteredClient::secretHash).toList());
        if (clients.isEmpty()) {
            LOG.warn("No application client is configured: POST /api/v1/token will refuse every request "
                    + "(set KINDRED_ADMIN_CLIENT_ID/KINDRED_ADMIN_CLIENT_SECRET or kindred.auth.clients)");
        } else {
            LOG.infof("Application clients allowed to obtain tokens: %s", clients.keySet());
        }
    }

    /**
     * Checks a configured hash once at start-up. $2a$ and $2y$ (htpasswd -B) are read as they are; $2b$ (OpenBSD,
     * Python's bcrypt) computes the same hash for any secret under 255 bytes, so it is read as $2a$.
     */
    private static String bcryptHash(String id, String configured) {
        String hash = configured.trim();
        if (hash.startsWith("$2b$")) {
            hash = "$2a$" + hash.substring(4);
        }
        try {
            BcryptUtil.matches("", hash);
        } catch (RuntimeException e) {
            throw new IllegalStateException("kindred.auth.clients.\"" + id + "\".secret-hash is not a bcrypt hash "
                    + "($2a$/$2b$/$2y$…)", e);
        }
        return hash;
    }

    private static Set<String> roles(String id, List<String> configured) {
        Set<String> roles = new LinkedHashSet<>();
        for (String role : configured) {
            String trimmed = role.trim();
            if (!trimmed.equals(Roles.VIEWER) && !trimmed.equals(Roles.ADMIN)) {
                throw new IllegalStateException("kindred.auth.clients.\"" + id + "\".roles: unknown role '" + trimmed
                        + "' (viewer, admin)");
            }
            roles.add(trimmed);
        }
        if (roles.contains(Roles.ADMIN)) {
            roles.add(Roles.VIEWER); // an admin may read too
        }
        return Set.copyOf(roles);
    }

    /** The bcrypt cost of a hash ({@code $2a$12$…} → 12). */
    static int cost(String hash) {
        return Integer.parseInt(hash.substring(4, 6));
    }

    static String decoyHash(java.util.Collection<String> configuredHashes) {
        java.util.IntSummaryStatistics costs = configuredHashes.stream().mapToInt(ClientRegistry::cost).summaryStatistics();
        int cost = costs.getCount() == 0 ? DEFAULT_COST : costs.getMax();
        if (costs.getCount() > 0 && costs.getMin() != costs.getMax()) {
            LOG.warnf("The client secret hashes use different bcrypt costs (%d to %d): a wrong secret for a cheaper client "
                    + "answers faster than an unknown client id. Use one cost for all.", costs.getMin(), costs.getMax());
        }
        return BcryptUtil.bcryptHash("kindred-decoy-secret", cost);
    }

    String decoyHash() {
        return decoyHash;
    }

    public boolean isKnown(String clientId) {
        return clientId != null && clients.containsKey(clientId);
    }

    /** Blocking (bcrypt). @return the client when id and secret match */
    public Optional<RegisteredClient> authenticate(String clientId, String secret) {
        RegisteredClient client = clients.get(clientId);
        boolean matches = BcryptUtil.matches(secret, client == null ? decoyHash : client.secretHash());
        return client != null && matches ? Optional.of(client) : Optional.empty();
    }
}
