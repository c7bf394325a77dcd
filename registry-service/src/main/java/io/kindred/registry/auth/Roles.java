package io.kindred.registry.auth;

/**
 * The roles of the API: a viewer reads, a researcher also submits workloads (Workloads V2), an admin does everything.
 * Tokens carry them in the {@code groups} claim.
 */
public final class Roles {

    public static final String VIEWER = "viewer";
    public static final String ADMIN = "admin";
    /** Submits, changes and deletes workloads and reads them; reads the workload types (it is a viewer too). */
    public static final String RESEARCHER = "researcher";

    private Roles() {
    }
}
