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
@TestProfile(BackendProfiles.Coscheduling.class)
class CoschedulingSchedulingGateTest extends SchedulingGateContract {

    @Override
    String podGroupGroup() {
        return "scheduling.x-k8s.io";
    }

    @Override
    String podGroupVersion() {
        return "v1alpha1";
    }

    @Override
    void assertBound(Pod pod, String group) {
        assertThat(pod.getMetadata().getLabels()).containsEntry("scheduling.x-k8s.io/pod-group", group);
    }
}
