package io.kindred.statusmapper.watch;

/** Where the watch of one GVK is. */
public enum WatchState {
    /** Asking API discovery whether the kind is served. */
    RESOLVING,
    /** Discovery does not list the kind (CRD not installed, or version not served): looking again with backoff. */
    KIND_NOT_INSTALLED,
    /** Discovery itself failed (API server unreachable, forbidden…): looking again with backoff. */
    DISCOVERY_FAILED,
    /** Informers started, initial list not complete yet (or list/watch failing and being retried). */
    STARTING,
    /** Initial list done, watch running; objects are being mapped. */
    WATCHING,
    /** Stopped because the type or version was unregistered, or the service is stopping. */
    STOPPED
}
