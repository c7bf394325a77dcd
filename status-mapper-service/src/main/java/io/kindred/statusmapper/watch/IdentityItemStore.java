package io.kindred.statusmapper.watch;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.kindred.statusmapper.mapping.WorkloadKeys;

/**
 * An informer's item store that keeps, per object, only what the watch needs between two events: its key
 * (namespace/name), UID and resourceVersion. Never the object itself: a watched Pod is 5–15 KB of JSON and several
 * times that as Java objects, and the service watches every object of every registered kind (fabric8 7.5 has no
 * informer transform, so this is where the object is dropped).
 * <p>
 * What the watch reads from its store is therefore an {@link Identity}: an object carrying only that metadata. The
 * informer hands such objects to the event handler where fabric8 takes them from the store (the "old" object of an
 * update, a resync, the deferred adds of the initial list, a deletion noticed by a relist); {@link KindWatch}
 * recognises them and never evaluates a Resource Interface on one. Every other event carries the object as the API
 * server sent it.
 * <p>
 * Per object: the map node, the key, a 32-byte entry and the UID as a {@link UUID} (32 bytes); a decimal
 * resourceVersion (what every API server sends) is held as a {@code long}.
 */
final class IdentityItemStore implements ItemStore<GenericKubernetesResource> {

    /** An object read back from the store: metadata name, namespace, uid and resourceVersion, nothing else. */
    static final class Identity extends GenericKubernetesResource {
    }

    /** uid: a {@link UUID} or, if not canonical, the String; version: the resourceVersion if decimal, else -1. */
    private record Entry(Object uid, long version, String versionText) {

        static Entry of(ObjectMeta metadata) {
            String rv = metadata.getResourceVersion();
            long number = decimal(rv);
            return new Entry(metadata.getUid() == null ? null : WorkloadKeys.of(metadata.getUid()), number,
                    number < 0 ? rv : null);
        }

        String resourceVersion() {
            return version >= 0 ? Long.toString(version) : versionText;
        }
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    @Override
    public String getKey(GenericKubernetesResource object) {
        return Cache.metaNamespaceKeyFunc(object);
    }

    @Override
    public GenericKubernetesResource put(String key, GenericKubernetesResource object) {
        return identity(key, entries.put(key, Entry.of(object.getMetadata())));
    }

    @Override
    public GenericKubernetesResource remove(String key) {
        return identity(key, entries.remove(key));
    }

    @Override
    public Stream<String> keySet() {
        return entries.keySet().stream();
    }

    @Override
    public Stream<GenericKubernetesResource> values() {
        return entries.entrySet().stream().map(e -> identity(e.getKey(), e.getValue()));
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public GenericKubernetesResource get(String key) {
        return identity(key, entries.get(key));
    }

    private static GenericKubernetesResource identity(String key, Entry entry) {
        if (entry == null) {
            return null;
        }
        int slash = key.indexOf('/');
        ObjectMeta metadata = new ObjectMeta();
        metadata.setNamespace(slash < 0 ? null : key.substring(0, slash));
        metadata.setName(slash < 0 ? key : key.substring(slash + 1));
        metadata.setUid(entry.uid() == null ? null : entry.uid().toString());
        metadata.setResourceVersion(entry.resourceVersion());
        Identity identity = new Identity();
        identity.setMetadata(metadata);
        return identity;
    }

    /** True when {@code object} came from this store (an {@link Identity}), not from the API server. */
    static boolean isIdentity(GenericKubernetesResource object) {
        return object instanceof Identity;
    }

    private static long decimal(String text) {
        if (text == null || text.isEmpty() || text.length() > 18 || (text.length() > 1 && text.charAt(0) == '0')) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
