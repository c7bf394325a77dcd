package io.kindred.scheduleradapter.gang;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GroupNamesTest {

    private static final String UID = "7d8e9f0a-1b2c-4d3e-8f5a-6b7c8d9e0f1a";
    private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";

    @Test
    void aCleanShortSuffixIsKeptAsIs() {
        assertThat(GroupNames.requirementGroup("kindred", UID, "job")).isEqualTo("kindred-" + UID + "-job");
        assertThat(GroupNames.defaultGroup("kindred", UID)).isEqualTo("kindred-" + UID);
    }

    @Test
    void suffixesThatMustChangeAreShortenedAndHashedSoTheyStayDistinct() {
        String upper = GroupNames.requirementGroup("kindred", UID, "service-Frontend");
        String lower = GroupNames.requirementGroup("kindred", UID, "service-frontend");
        assertThat(upper).matches(DNS_LABEL).isNotEqualTo(lower);
        String longName = GroupNames.requirementGroup("kindred", UID, "a-very-long-replicated-job-name-that-goes-on");
        String otherLong = GroupNames.requirementGroup("kindred", UID, "a-very-long-replicated-job-name-that-goes-on2");
        assertThat(longName).hasSizeLessThanOrEqualTo(63).matches(DNS_LABEL).isNotEqualTo(otherLong);
        assertThat(GroupNames.requirementGroup("kindred", UID, "a-very-long-replicated-job-name-that-goes-on"))
                .as("deterministic").isEqualTo(longName);
    }

    @Test
    void subGroupNamesAreDnsLabels() {
        assertThat(GroupNames.subGroup("worker", null)).isEqualTo("worker");
        assertThat(GroupNames.subGroup("worker", "GPU_group")).matches(DNS_LABEL);
        assertThat(GroupNames.subGroup("Worker", null)).matches(DNS_LABEL).isNotEqualTo("worker");
    }
}
