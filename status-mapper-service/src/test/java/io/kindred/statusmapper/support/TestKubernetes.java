package io.kindred.statusmapper.support;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.kindred.devstack.Devstack;

/** The devstack's Kubernetes API (the fabric8 mock server in CRUD mode) as the tests use it. */
public final class TestKubernetes {

    public static final String NAMESPACE = "default";

    private TestKubernetes() {
    }

    public static KubernetesClient client() {
        return Devstack.kubernetes().client();
    }

    /**
     * Installs a namespaced CRD with a status subresource (so, as on a real API server, spec changes bump
     * metadata.generation and status is written through /status).
     * <p>
     * The mock API server's discovery only lists kinds that have a CRD, even built-in ones, so tests also "install"
     * apps/v1 Deployment this way; a real API server always lists its built-in kinds.
     */
    public static void installCrd(String group, String kind, String plural, String... versions) {
        List<CustomResourceDefinitionVersion> served = Arrays.stream(versions).map(v -> new CustomResourceDefinitionVersionBuilder()
                .withName(v).withServed(true).withStorage(v.equals(versions[0]))
                .withNewSubresources().withNewStatus().endStatus().endSubresources()
                .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema().endSchema()
                .build()).toList();
        CustomResourceDefinition crd = new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName(plural + "." + group).endMetadata()
                .withNewSpec().withGroup(group).withScope("Namespaced")
                .withNewNames().withKind(kind).withPlural(plural).withSingular(kind.toLowerCase()).endNames()
                .withVersions(served)
                .endSpec().build();
        client().apiextensions().v1().customResourceDefinitions().resource(crd).createOr(NonDeletingOperation::update);
    }

    public static ResourceDefinitionContext context(String group, String version, String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }

    public static GenericKubernetesResource create(ResourceDefinitionContext context, String name, Map<String, Object> spec) {
        GenericKubernetesResource object = new GenericKubernetesResourceBuilder()
                .withApiVersion(context.getGroup() + "/" + context.getVersion())
                .withKind(context.getKind())
                .withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata()
                .build();
        object.setAdditionalProperty("spec", spec);
        return client().genericKubernetesResources(context).inNamespace(NAMESPACE).resource(object).create();
    }

    /** Replaces the status of an object through the status subresource. */
    public static GenericKubernetesResource setStatus(ResourceDefinitionContext context, String name, Map<String, Object> status) {
        return client().genericKubernetesResources(context).inNamespace(NAMESPACE).withName(name).editStatus(current -> {
            current.setAdditionalProperty("status", status);
            return current;
        });
    }

    public static GenericKubernetesResource edit(ResourceDefinitionContext context, String name,
                                                 UnaryOperator<GenericKubernetesResource> change) {
        return client().genericKubernetesResources(context).inNamespace(NAMESPACE).withName(name).edit(change);
    }

    public static void delete(ResourceDefinitionContext context, String name) {
        client().genericKubernetesResources(context).inNamespace(NAMESPACE).withName(name).delete();
    }
}
