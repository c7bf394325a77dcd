package io.kindred.registry.auth;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which Kindred roles a token of the external OIDC issuer grants: only those its roles or groups are explicitly mapped
 * to ({@code kindred.auth.external.role-mapping}, entries {@code <provider role or group>=<viewer|admin>}). A
 * provider role is never taken as a Kindred role by its name alone: a group called "admin" in a company directory
 * says nothing about who may change the cluster's workload types.
 */
final class ExternalRoles {

    private final Map<String, Set<String>> mapping;

    private ExternalRoles(Map<String, Set<String>> mapping) {
        this.mapping = mapping;
    }

    /**
     * @param entries {@code provider=kindred} pairs; one provider role may appear several times
     * @throws IllegalStateException naming the setting when an entry is malformed or names an unknown Kindred role
     */
    static ExternalRoles parse(List<String> entries) {
        Map<String, Set<String>> mapping = new LinkedHashMap<>();
        for (String entry : entries) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int equals = trimmed.lastIndexOf('=');
            if (equals <= 0 || equals == trimmed.length() - 1) {
                throw new IllegalStateException("kindred.auth.external.role-mapping: '" + trimmed
                        + "' is not <provider role or group>=<viewer|admin>");
            }
            String provider = trimmed.substring(0, equals).trim();
            String kindred = trimmed.substring(equals + 1).trim();
            if (!kindred.equals(Roles.VIEWER) && !kindred.equals(Roles.ADMIN)) {
                throw new IllegalStateException("kindred.auth.external.role-mapping: '" + trimmed + "' maps to unknown role '"
                        + kindred + "' (viewer, admin)");
            }
            Set<String> roles = mapping.computeIfAbsent(provider, key -> new LinkedHashSet<>());
            roles.add(kindred);
            if (kindred.equals(Roles.ADMIN)) {
                roles.add(Roles.VIEWER); // an admin may read too, as with the built-in clients
            }
        }
        if (mapping.isEmpty()) {
            throw new IllegalStateException("An external token issuer (mp.jwt.verify.issuer) needs "
                    + "kindred.auth.external.role-mapping (env KINDRED_AUTH_EXTERNAL_ROLE_MAPPING), e.g. "
                    + "kindred-admins=admin,kindred-viewers=viewer: provider roles are never taken by their name alone");
        }
        return new ExternalRoles(Map.copyOf(mapping));
    }

    /** The Kindred roles the provider's roles or groups map to (empty when none is mapped). */
    Set<String> map(Collection<String> providerRoles) {
        Set<String> roles = new LinkedHashSet<>();
        for (String providerRole : providerRoles) {
            roles.addAll(mapping.getOrDefault(providerRole, Set.of()));
        }
        return roles;
    }

    Set<String> providerRoles() {
        return mapping.keySet();
    }
}
