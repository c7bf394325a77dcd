package io.kindred.registry.auth;

import io.kindred.registry.errors.TooManyRequestsException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The token endpoint's abuse limits: every request costs a deliberately slow bcrypt round, so without limits anyone
 * who can reach the endpoint can burn the service's CPU and guess secrets at leisure. Checked before any bcrypt work.
 */
@ApplicationScoped
public class TokenRateLimits {

    private static final Logger LOG = Logger.getLogger(TokenRateLimits.class);
    /** The one key every unknown client id shares, so random ids neither grow the table nor escape the limit. */
    static final String UNKNOWN_CLIENT = "\u0000unknown";

    @Inject
    AuthConfig config;

    @Inject
    ClientRegistry clients;

    private RateLimiter perSource;
    private RateLimiter perClient;

    @PostConstruct
    void init() {
        AuthConfig.RateLimit limits = config.token().rateLimit();
        if (limits.enabled()) {
            perSource = new RateLimiter(limits.perSource(), limits.period(), limits.maxTrackedSources());
            // one bucket per configured client plus the shared unknown one
            perClient = new RateLimiter(limits.perClient(), limits.period(), Integer.MAX_VALUE);
        }
    }

    /** @throws TooManyRequestsException when the source address has used up its requests */
    public void checkSource(String source) {
        if (perSource != null) {
            refuseIfLimited(perSource.tryAcquire(source), "source address", source, config.token().rateLimit().perSource());
        }
    }

    /** @throws TooManyRequestsException when the client id (or the unknown ids together) has used up its requests */
    public void checkClient(String clientId) {
        if (perClient != null) {
            String key = clients.isKnown(clientId) ? clientId : UNKNOWN_CLIENT;
            refuseIfLimited(perClient.tryAcquire(key), "client", key.equals(UNKNOWN_CLIENT) ? "(unknown client ids)" : clientId,
                    config.token().rateLimit().perClient());
        }
    }

    private void refuseIfLimited(long waitNanos, String what, String who, int limit) {
        if (waitNanos > 0) {
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos + 999_999_999L));
            LOG.infof("Token request refused: %s %s is over its limit of %d per %s", what, who, limit,
                    config.token().rateLimit().period());
            throw new TooManyRequestsException("Too many token requests.",
                    "This " + what + " made more than " + limit + " token requests per " + config.token().rateLimit().period()
                            + "; retry after " + seconds + " s", seconds);
        }
    }
}
