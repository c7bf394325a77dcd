package io.kindred.statusmapper.watch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

class KindInformersTest {

    private static GenericKubernetesResource job(String uid, String resourceVersion) {
        GenericKubernetesResource object = new GenericKubernetesResource();
        object.setMetadata(new ObjectMetaBuilder().withNamespace("team-a").withName("mnist").withUid(uid)
                .withResourceVersion(resourceVersion).build());
        return object;
    }

    @Test
    void anEventIsMappedWhenTheStoreHoldsItsVersionEvenAsAnotherInstance() {
        // A relist with an unchanged resourceVersion replaces the store's instance without queuing any event.
        assertThat(KindInformers.isCurrent(job("u1", "7"), job("u1", "7"))).isTrue();
    }

    @Test
    void anEventTheStoreHasMovedPastIsNotMapped() {
        // The newer view may already have been mapped by a re-evaluation; its own event is queued behind this one.
        assertThat(KindInformers.isCurrent(job("u1", "7"), job("u1", "8"))).isFalse();
    }

    @Test
    void anEventOfAnObjectDeletedSinceIsNotMapped() {
        assertThat(KindInformers.isCurrent(job("u1", "7"), null)).isFalse();
    }

    @Test
    void anEventOfAnObjectReplacedByANewOneOfTheSameNameIsNotMapped() {
        assertThat(KindInformers.isCurrent(job("u1", "7"), job("u2", "7"))).isFalse();
    }
}
