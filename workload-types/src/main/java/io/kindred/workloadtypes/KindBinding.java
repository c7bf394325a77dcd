package io.kindred.workloadtypes;

import java.util.Objects;

import io.kindred.ri.CompiledResourceInterface;
import io.kindred.ri.model.GroupVersionKind;

/**
 * What the service needs to map objects of one GVK: the workload type (name and revision) and the compiled
 * Resource Interface of that version. Immutable; a new revision of the type yields a new binding.
 *
 * @param gvk the watched kind and version
 * @param typeName workload type name (= the Kind)
 * @param revision revision of the workload type this binding was built from
 * @param resourceInterfaceJson the RI text, kept to tell whether a new revision changed the RI or only metadata
 * @param resourceInterface the RI, compiled once
 */
public record KindBinding(GroupVersionKind gvk, String typeName, long revision, String resourceInterfaceJson,
                          CompiledResourceInterface resourceInterface) {

    public KindBinding {
        Objects.requireNonNull(gvk, "gvk");
        Objects.requireNonNull(typeName, "typeName");
        Objects.requireNonNull(resourceInterfaceJson, "resourceInterfaceJson");
        Objects.requireNonNull(resourceInterface, "resourceInterface");
    }

    /** Same RI text as {@code other}: a revision that changed only metadata (category, priority…) needs no re-evaluation. */
    public boolean sameResourceInterfaceAs(KindBinding other) {
        return other != null && resourceInterfaceJson.equals(other.resourceInterfaceJson);
    }
}
