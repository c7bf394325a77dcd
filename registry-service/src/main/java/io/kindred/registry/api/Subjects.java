package io.kindred.registry.api;

import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who made a request, for createdBy/updatedBy: the token's subject (sub), else its principal name. */
public final class Subjects {

    private Subjects() {
    }

    public static String of(SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof JsonWebToken token && token.getSubject() != null) {
            return token.getSubject();
        }
        return identity.getPrincipal().getName();
    }
}
