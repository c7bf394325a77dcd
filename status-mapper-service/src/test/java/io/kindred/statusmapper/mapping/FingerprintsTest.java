package io.kindred.statusmapper.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.kindred.events.ComponentScale;

class FingerprintsTest {

    private static ComponentScale scale(String component, String instance, Integer replicas, Integer min, Integer max) {
        return new ComponentScale(component, instance, replicas, min, max);
    }

    @Test
    void equalScalesHaveEqualFingerprints() {
        List<ComponentScale> a = List.of(scale("master", "", 1, null, null), scale("worker", "", 2, 1, 4));
        List<ComponentScale> b = List.of(scale("master", "", 1, null, null), scale("worker", "", 2, 1, 4));
        assertThat(Fingerprints.scales(a)).isEqualTo(Fingerprints.scales(b));
    }

    @Test
    void anyScaleChangeChangesTheFingerprint() {
        long base = Fingerprints.scales(List.of(scale("worker", "", 2, null, null)));
        assertThat(Fingerprints.scales(List.of(scale("worker", "", 3, null, null)))).isNotEqualTo(base);
        assertThat(Fingerprints.scales(List.of(scale("worker", "", 2, 2, null)))).isNotEqualTo(base);
        assertThat(Fingerprints.scales(List.of(scale("worker", "", 2, null, 2)))).isNotEqualTo(base);
        assertThat(Fingerprints.scales(List.of(scale("worker", "a", 2, null, null)))).isNotEqualTo(base);
        assertThat(Fingerprints.scales(List.of(scale("workers", "", 2, null, null)))).isNotEqualTo(base);
        assertThat(Fingerprints.scales(List.of())).isNotEqualTo(base);
    }

    @Test
    void absentReplicasDifferFromZero() {
        assertThat(Fingerprints.scales(List.of(scale("worker", "", null, null, null))))
                .isNotEqualTo(Fingerprints.scales(List.of(scale("worker", "", 0, null, null))));
    }

    @Test
    void fieldBoundariesAreNotAmbiguous() {
        assertThat(Fingerprints.scales(List.of(scale("ab", "c", 1, null, null))))
                .isNotEqualTo(Fingerprints.scales(List.of(scale("a", "bc", 1, null, null))));
    }

    @Test
    void knownStatusesAreAnExactBitSetAndOthersAreHashedApart() {
        assertThat(Fingerprints.matchedStatuses(List.of())).isZero();
        assertThat(Fingerprints.matchedStatuses(List.of("Running")))
                .isEqualTo(Fingerprints.matchedStatuses(List.of("running")))
                .isNotEqualTo(Fingerprints.matchedStatuses(List.of("Running", "Degraded")));
        assertThat(Fingerprints.matchedStatuses(List.of("Custom"))).isNegative()
                .isNotEqualTo(Fingerprints.matchedStatuses(List.of("Running")));
    }

    @Test
    void canonicalUidsAreKeptAsUuidsAndAnythingElseAsText() {
        String uid = UUID.randomUUID().toString();
        assertThat(WorkloadKeys.of(uid)).isEqualTo(UUID.fromString(uid));
        assertThat(WorkloadKeys.of(uid.toUpperCase())).isEqualTo(uid.toUpperCase());
        assertThat(WorkloadKeys.of("1-2-3-4-5")).isEqualTo("1-2-3-4-5");
        assertThat(WorkloadKeys.of("not-a-uid")).isEqualTo("not-a-uid");
    }
}
