package io.kindred.scheduleradapter.binding;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.kindred.devstack.quarkus.DevstackTestResource;
import io.kindred.scheduleradapter.support.BackendProfiles;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@WithTestResource(DevstackTestResource.class)
@TestProfile(BackendProfiles.Volcano.class)
class VolcanoSchedulingGateTest extends SchedulingGateContract {

    @Override
    String podGroupGroup() {
        return "scheduling.volcano.sh";
    }

    @Override
    String podGroupVersion() {
        return "v1beta1";
    }

    @Override
    void assertBound(Pod pod, String group) {
        assertThat(pod.getMetadata().getAnnotations()).containsEntry("scheduling.k8s.io/group-name", group)
                .containsEntry("volcano.sh/task-spec", "worker");
    }
}
