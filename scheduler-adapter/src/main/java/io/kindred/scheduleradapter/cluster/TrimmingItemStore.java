package io.kindred.scheduleradapter.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.function.UnaryOperator;

/**
 * An informer's store that keeps each object only after dropping what the adapter never reads (fabric8 7.5 has no
 * informer transform): {@code metadata.managedFields} always, more where the caller says so.
 */
public final class TrimmingItemStore<T extends HasMetadata> extends BasicItemStore<T> {

    private final UnaryOperator<T> trim;

    public TrimmingItemStore(UnaryOperator<T> trim) {
        super(Cache::metaNamespaceKeyFunc);
        this.trim = trim;
    }

    /** Drops only {@code metadata.managedFields}. */
    public static <T extends HasMetadata> TrimmingItemStore<T> withoutManagedFields() {
        return new TrimmingItemStore<>(object -> object);
    }

    @Override
    public T put(String key, T object) {
        object.getMetadata().setManagedFields(null);
        return super.put(key, trim.apply(object));
    }
}
