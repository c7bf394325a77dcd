package io.kindred.registry.catalog;

import io.kindred.registry.workloadproperties.DefaultProperties;
import io.kindred.registry.workloadproperties.Preemptibility;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StableIdsTest {

    @Test
    void matchesRfc4122Version5() {
        // uuid5(NAMESPACE_DNS, "python.org") from RFC 4122 implementations (Python's uuid docs)
        UUID dns = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        assertThat(StableIds.nameBased(dns, "python.org")).isEqualTo(UUID.fromString("886313e1-3b8a-5372-9b90-0c9aee199e5d"));
        UUID url = UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8");
        assertThat(StableIds.nameBased(url, "https://kindred.io/workload-properties")).isEqualTo(StableIds.NAMESPACE);
    }

    @Test
    void idsArePublishedValuesAndDistinct() {
        assertThat(StableIds.category("Build")).isEqualTo(UUID.fromString("bbca3fc4-6a32-5f4d-ad7a-d14a85c4aecf"));
        assertThat(StableIds.category("Train")).isEqualTo(UUID.fromString("ce0c635a-20a3-5757-9091-4aa85ba7ea3a"));
        assertThat(StableIds.category("Deploy")).isEqualTo(UUID.fromString("1660dd35-5aee-5a22-a323-d397d2c8a2bb"));
        assertThat(StableIds.priority("very-low")).isEqualTo(UUID.fromString("5d645034-c538-55b7-9aca-c90e0dfc440c"));
        assertThat(StableIds.priority("high")).isEqualTo(UUID.fromString("06f09477-b042-5233-978c-4b53f4ef0f8b"));
        Set<UUID> all = new HashSet<>();
        DefaultProperties.CATEGORIES.forEach(c -> all.add(StableIds.category(c.name())));
        DefaultProperties.PRIORITIES.forEach(p -> all.add(StableIds.priority(p.name())));
        assertThat(all).hasSize(10).allMatch(id -> id.version() == 5);
    }

    @Test
    void preemptibilityFollowsRunaisRule() {
        assertThat(Preemptibility.derived(90)).isEqualTo("preemptible");
        assertThat(Preemptibility.derived(100)).isEqualTo("non-preemptible");
        assertThat(Preemptibility.derived(125)).isEqualTo("non-preemptible");
    }
}
