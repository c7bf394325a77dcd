package io.kindred.statusmapper.watch;

import java.util.List;

/**
 * The watches of one registered workload type, as the cluster status report needs them.
 *
 * @param typeName workload type name (= the Kind)
 * @param group API group of the Kind, empty for the core group
 * @param revision revision of the type the watches are bound to (the highest of its versions' bindings)
 * @param versions one status per registered version, in the order the type declares them
 */
public record TypeWatches(String typeName, String group, long revision, List<WatchStatus> versions) {

    public TypeWatches {
        versions = List.copyOf(versions);
    }
}
