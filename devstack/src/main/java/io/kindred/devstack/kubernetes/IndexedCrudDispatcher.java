package io.kindred.devstack.kubernetes;

import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesResponseComposer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * fabric8's CRUD dispatcher with its store indexed the way an API server's is. The original finds an object by testing
 * every stored object against the request's attributes (O(objects) per GET, PATCH, PUT, POST and DELETE, on the
 * server's one event-loop thread), which made the mock, not the code under test, the bottleneck of every load test.
 * Here the stored keys are also indexed by name and by resource (plural), so a request only tests the objects of its
 * name (a get, patch, replace, create or delete of one object) or of its resource (a list or a collection delete),
 * with the same {@code AttributeSet.matches} test as before: the answers are exactly the original's, in the same order.
 * Watches, the CRD registry, status subresources, generations and resource versions stay fabric8's own.
 * <p>
 * Consistency: every write holds this class's write lock around fabric8's own, and every indexed read holds its read
 * lock, so a reader never sees the index and the store disagree. Requests the index cannot narrow (a path without a
 * resource, a selector on the name that is not an equality) fall back to fabric8's scan.
 */
final class IndexedCrudDispatcher extends KubernetesCrudDispatcher {

    private static final String NAME = KubernetesAttributesExtractor.NAME;
    private static final String PLURAL = KubernetesAttributesExtractor.PLURAL;

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<Attribute, Set<AttributeSet>> byName = new HashMap<>();
    private final Map<Attribute, Set<AttributeSet>> byPlural = new HashMap<>();
    /** The resource version fabric8 handed out last: what a list answers with (its counter is private). */
    private volatile long resourceVersion;

    @Override
    public MockResponse handleCreate(RecordedRequest request) {
        return locked(true, () -> super.handleCreate(request));
    }

    @Override
    public MockResponse handleUpdate(RecordedRequest request) {
        return locked(true, () -> super.handleUpdate(request));
    }

    @Override
    public MockResponse handlePatch(RecordedRequest request) {
        return locked(true, () -> super.handlePatch(request));
    }

    @Override
    public MockResponse handleGet(String path) {
        if (isWatch(path)) {
            return super.handleGet(path);
        }
        return locked(false, () -> {
            AttributeSet query = getKey(path);
            Collection<AttributeSet> candidates = candidates(query);
            if (candidates == null) {
                return super.handleGet(path);
            }
            List<String> items = new ArrayList<>();
            for (AttributeSet key : matching(query, candidates)) {
                items.add(map.get(key));
            }
            if (query.containsKey(NAME)) {
                return one(items);
            }
            if (items.isEmpty()) {
                // fabric8 answers some empty lists with API metadata of its CRD registry (private to it)
                return super.handleGet(path);
            }
            return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setBody(list(items));
        });
    }

    @Override
    public MockResponse handleDelete(String path) {
        return locked(true, () -> {
            AttributeSet query = getKey(path);
            Collection<AttributeSet> candidates = candidates(query);
            if (candidates == null) {
                return super.handleDelete(path);
            }
            List<String> items = new ArrayList<>();
            for (AttributeSet key : matching(query, candidates)) {
                String stored = map.get(key);
                items.add(stored);
                delete(path, query, key, stored);
            }
            if (query.containsKey(NAME)) {
                return one(items);
            }
            return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setBody(list(items));
        });
    }

    private static List<AttributeSet> matching(AttributeSet query, Collection<AttributeSet> candidates) {
        List<AttributeSet> matching = new ArrayList<>();
        for (AttributeSet key : candidates) {
            if (key.matches(query)) {
                matching.add(key);
            }
        }
        return matching;
    }

    /** The answer about one named object: the first match (as fabric8 answers), or 404. */
    private static MockResponse one(List<String> items) {
        return items.isEmpty() ? new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND)
                : new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setBody(items.get(0));
    }

    /**
     * What a DELETE does to one object, as in fabric8 (and Kubernetes): gone at once without finalizers; otherwise
     * only marked with a deletionTimestamp (once), and gone when its last finalizer is removed.
     */
    private void delete(String path, AttributeSet query, AttributeSet key, String stored) {
        GenericKubernetesResource resource = Serialization.unmarshal(stored, GenericKubernetesResource.class);
        if (resource.getFinalizers().isEmpty()) {
            processEvent(path, query, key, null, null);
        } else if (!resource.isMarkedForDeletion()) {
            resource.getMetadata().setDeletionTimestamp(ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)
                    .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            resource.getMetadata().setResourceVersion(String.valueOf(requestResourceVersion()));
            processEvent(path, query, key, resource, Serialization.asJson(resource));
        }
    }

    @Override
    public Map.Entry<AttributeSet, String> findResource(AttributeSet attributes) {
        Collection<AttributeSet> candidates = candidates(attributes);
        if (candidates == null) {
            return super.findResource(attributes);
        }
        for (AttributeSet key : candidates) {
            if (key.matches(attributes)) {
                return Map.entry(key, map.get(key));
            }
        }
        return null;
    }

    /** Called by fabric8 for every stored change, under both write locks: keeps the index in step with the store. */
    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
            GenericKubernetesResource resource, String newState) {
        AttributeSet newAttributes = null;
        if (newState != null) {
            // computed as fabric8 computes the key it stores the object under
            KubernetesAttributesExtractor extractor = (KubernetesAttributesExtractor) attributeExtractor;
            newAttributes = resource != null ? extractor.extract(resource) : extractor.fromResource(newState);
            if (!newAttributes.containsKey(PLURAL)) {
                newAttributes = AttributeSet.merge(pathAttributes, newAttributes);
            }
        }
        super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
        if (oldAttributes != null) {
            unindex(oldAttributes);
        }
        if (newAttributes != null) {
            if (map.containsKey(newAttributes)) {
                index(newAttributes);
            } else {
                reindex(); // fabric8 stored it under another key than expected: never serve a stale index
            }
        }
    }

    @Override
    public long requestResourceVersion() {
        long next = super.requestResourceVersion();
        resourceVersion = next;
        return next;
    }

    @Override
    public void reset() {
        locked(true, () -> {
            super.reset();
            byName.clear();
            byPlural.clear();
            return null;
        });
    }

    /**
     * The stored keys that can match {@code query}, in store order; null when the index cannot narrow it.
     */
    private Collection<AttributeSet> candidates(AttributeSet query) {
        Attribute name = query.getAttribute(NAME);
        if (name != null && name.getType() == AttributeType.WITH) {
            return byName.getOrDefault(name, Set.of());
        }
        Attribute plural = query.getAttribute(PLURAL);
        if (name == null && plural != null && plural.getType() == AttributeType.WITH) {
            return byPlural.getOrDefault(plural, Set.of());
        }
        return null;
    }

    private void index(AttributeSet key) {
        add(byName, key.getAttribute(NAME), key);
        add(byPlural, key.getAttribute(PLURAL), key);
    }

    private void unindex(AttributeSet key) {
        remove(byName, key.getAttribute(NAME), key);
        remove(byPlural, key.getAttribute(PLURAL), key);
    }

    private void reindex() {
        byName.clear();
        byPlural.clear();
        synchronized (map) {
            map.keySet().forEach(this::index);
        }
    }

    private static void add(Map<Attribute, Set<AttributeSet>> index, Attribute attribute, AttributeSet key) {
        if (attribute != null) {
            index.computeIfAbsent(attribute, a -> new LinkedHashSet<>()).add(key);
        }
    }

    private static void remove(Map<Attribute, Set<AttributeSet>> index, Attribute attribute, AttributeSet key) {
        if (attribute == null) {
            return;
        }
        Set<AttributeSet> keys = index.get(attribute);
        if (keys != null && keys.remove(key) && keys.isEmpty()) {
            index.remove(attribute);
        }
    }

    private String list(List<String> items) {
        return ((KubernetesResponseComposer) responseComposer).compose(items, String.valueOf(resourceVersion));
    }

    private static boolean isWatch(String path) {
        try {
            String query = new URI(path).getQuery();
            return query != null && query.contains("watch=true");
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private <T> T locked(boolean write, Supplier<T> action) {
        var held = write ? lock.writeLock() : lock.readLock();
        held.lock();
        try {
            return action.get();
        } finally {
            held.unlock();
        }
    }
}
