package io.kindred.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The topic list the deployment checks require is the services' own. */
class KindredTopicsTest {

    @Test
    void everyDeadLetterTopicIsNamedByItsServicesConfiguration() {
        KindredTopics.DEAD_LETTER_TOPICS.forEach((topic, service) -> assertThat(Repository.mainSourcesContain(service, topic))
                .as(topic + " is named in " + service + "/src/main (renamed? update KindredTopics and deploy/)")
                .isTrue());
    }

    @Test
    void theEventTopicsAreReadFromTheContract() {
        assertThat(KindredTopics.eventTopics()).containsEntry("WORKLOAD_TYPES", "workload-types")
                .containsEntry("WORKLOAD_STATUS", "workload-status")
                .containsEntry("SCHEDULING_DIRECTIVES", "scheduling-directives");
        assertThat(KindredTopics.all()).containsAll(KindredTopics.eventTopics().values())
                .containsAll(KindredTopics.DEAD_LETTER_TOPICS.keySet());
    }
}
