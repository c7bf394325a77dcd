package io.kindred.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.kindred.devstack.junit.MockKubernetesExtension;
import io.kindred.ri.catalog.BuiltinCatalog;

class CatalogCrdsTest {

    @RegisterExtension
    static final MockKubernetesExtension API = new MockKubernetesExtension();

    @Test
    void everyCatalogKindTheServerLacksGetsACrdAndThenEveryKindIsServed() {
        List<CustomResourceDefinition> missing = CatalogCrds.missing(API.server().client());
        Map<String, CustomResourceDefinition> byName = missing.stream()
                .collect(Collectors.toMap(crd -> crd.getMetadata().getName(), crd -> crd));
        assertThat(byName).containsKeys("pytorchjobs.kubeflow.org", "rayclusters.ray.io",
                "podgroups.scheduling.run.ai", "podgroups.scheduling.volcano.sh", "podgroups.scheduling.x-k8s.io");
        assertThat(byName.keySet()).noneMatch(name -> name.endsWith(".apps") || name.endsWith(".batch")
                || name.startsWith("pods."));
        CustomResourceDefinition mpi = byName.get("mpijobs.kubeflow.org");
        assertThat(mpi.getSpec().getVersions()).extracting(CustomResourceDefinitionVersion::getName)
                .containsExactly("v1", "v2beta1");
        assertThat(mpi.getSpec().getVersions()).extracting(CustomResourceDefinitionVersion::getStorage)
                .containsExactly(true, false);
        assertThat(mpi.getSpec().getVersions().get(0).getSubresources().getStatus()).isNotNull();
        assertThat(mpi.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema()
                .getXKubernetesPreserveUnknownFields()).isTrue();

        CatalogCrds.install(API.server().client(), missing);
        assertThat(CatalogCrds.missing(API.server().client())).isEmpty();
        // every kind of every catalog version is now discoverable
        BuiltinCatalog.load().forEach(entry -> entry.versions().forEach(version -> assertThat(API.server().client()
                .getApiResources((entry.group().isEmpty() ? "" : entry.group() + "/") + version.version())
                .getResources()).as("%s/%s %s", entry.group(), version.version(), entry.name())
                .anyMatch(resource -> resource.getKind().equals(entry.name()))));
        // installing again updates instead of failing
        CatalogCrds.install(API.server().client(), missing);
    }
}
