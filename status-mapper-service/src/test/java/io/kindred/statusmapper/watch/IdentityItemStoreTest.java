package io.kindred.statusmapper.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

class IdentityItemStoreTest {

    private final IdentityItemStore store = new IdentityItemStore();

    private static GenericKubernetesResource pod(String namespace, String name, String uid, String resourceVersion) {
        GenericKubernetesResource pod = new GenericKubernetesResource();
        pod.setApiVersion("v1");
        pod.setKind("Pod");
        pod.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).withUid(uid)
                .withResourceVersion(resourceVersion).withLabels(Map.of("app", "x"))
                .withManagedFields(new ManagedFieldsEntryBuilder().withManager("kubelet").build()).build());
        pod.setAdditionalProperty("spec", Map.of("containers", List.of(Map.of("name", "c"))));
        pod.setAdditionalProperty("status", Map.of("phase", "Running"));
        return pod;
    }

    @Test
    void keepsOnlyTheIdentityOfAnObject() {
        GenericKubernetesResource pod = pod("team-a", "p1", "6f1d2c3b-0a9e-4c4f-9d57-1d2e3f405162", "1234");
        String key = store.getKey(pod);
        assertThat(store.put(key, pod)).isNull();

        GenericKubernetesResource kept = store.get("team-a/p1");
        assertThat(IdentityItemStore.isIdentity(kept)).isTrue();
        assertThat(IdentityItemStore.isIdentity(pod)).as("an object from the API server").isFalse();
        assertThat(kept.getMetadata().getNamespace()).isEqualTo("team-a");
        assertThat(kept.getMetadata().getName()).isEqualTo("p1");
        assertThat(kept.getMetadata().getUid()).isEqualTo("6f1d2c3b-0a9e-4c4f-9d57-1d2e3f405162");
        assertThat(kept.getMetadata().getResourceVersion()).isEqualTo("1234");
        assertThat(kept.getMetadata().getLabels()).isNullOrEmpty();
        assertThat(kept.getMetadata().getManagedFields()).isNullOrEmpty();
        assertThat(kept.getAdditionalProperties()).isEmpty();
        assertThat(pod.getAdditionalProperties()).as("the object handed to the handler is left whole").hasSize(2);
        assertThat(pod.getMetadata().getManagedFields()).hasSize(1);
    }

    @Test
    void putAndRemoveReturnThePreviousIdentity() {
        store.put("team-a/p1", pod("team-a", "p1", "u-1", "7"));
        GenericKubernetesResource previous = store.put("team-a/p1", pod("team-a", "p1", "u-1", "8"));
        assertThat(previous.getMetadata().getResourceVersion()).isEqualTo("7");
        assertThat(store.remove("team-a/p1").getMetadata().getResourceVersion()).isEqualTo("8");
        assertThat(store.get("team-a/p1")).isNull();
        assertThat(store.remove("team-a/p1")).isNull();
    }

    @Test
    void keepsResourceVersionsAndUidsThatAreNotCanonicalAsTheyAre() {
        store.put("p2", pod(null, "p2", "not-a-uuid", "00012"));
        store.put("p3", pod(null, "p3", "6F1D2C3B-0A9E-4C4F-9D57-1D2E3F405162", "abc/def"));
        store.put("p4", pod(null, "p4", null, null));
        assertThat(store.get("p2").getMetadata().getUid()).isEqualTo("not-a-uuid");
        assertThat(store.get("p2").getMetadata().getResourceVersion()).isEqualTo("00012");
        assertThat(store.get("p2").getMetadata().getNamespace()).as("cluster-scoped").isNull();
        assertThat(store.get("p3").getMetadata().getUid()).isEqualTo("6F1D2C3B-0A9E-4C4F-9D57-1D2E3F405162");
        assertThat(store.get("p3").getMetadata().getResourceVersion()).isEqualTo("abc/def");
        assertThat(store.get("p4").getMetadata().getUid()).isNull();
        assertThat(store.get("p4").getMetadata().getResourceVersion()).isNull();
    }

    @Test
    void listsKeysAndIdentities() {
        store.put("a/1", pod("a", "1", "u-1", "1"));
        store.put("b/2", pod("b", "2", "u-2", "2"));
        assertThat(store.size()).isEqualTo(2);
        assertThat(store.keySet()).containsExactlyInAnyOrder("a/1", "b/2");
        assertThat(store.values()).extracting(o -> o.getMetadata().getUid()).containsExactlyInAnyOrder("u-1", "u-2");
    }
}
