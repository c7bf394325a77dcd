package io.kindred.registry.auth;

/** The two roles of the API: a viewer reads, an admin also writes. Tokens carry them in the {@code groups} claim. */
public final class Roles {

    public static final String VIEWER = "viewer";
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
