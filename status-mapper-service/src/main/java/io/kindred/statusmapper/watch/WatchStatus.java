package io.kindred.statusmapper.watch;

import java.time.Instant;

/**
 * What health and metrics show about the watch of one GVK.
 *
 * @param plural the resource name discovery gave for the kind (null until it is found), used for RBAC
 * @param since when the watch entered {@code state}
 * @param lead true when this version's events are the ones mapped for the type (see {@link WatchManager})
 * @param mapped the initial list has been mapped and reconciled with the state store (only ever true on the lead)
 * @param connected every informer of the kind currently has a live watch connection
 * @param attempts failed looks for the kind since the last success
 * @param lastError the last discovery or list/watch error, or null
 * @param nextAttemptAt when the kind is looked for again, or null
 * @param objects objects in the informer cache
 */
public record WatchStatus(String gvk, String group, String version, String kind, String plural, String typeName,
                          long revision, WatchState state, Instant since, boolean lead, boolean mapped, boolean connected,
                          int attempts, String lastError, Instant nextAttemptAt, int objects) {
}
