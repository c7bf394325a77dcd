package io.kindred.deploychecks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

/** One overlay of deploy/kubernetes as `kubectl kustomize` renders it, each object read strictly. */
final class RenderedOverlay {

    /** A pod template with the workload that owns it. */
    record Workload(String kind, String name, PodTemplateSpec template) {
        String id() {
            return kind + "/" + name;
        }
    }

    private static final Map<String, RenderedOverlay> RENDERED = new ConcurrentHashMap<>();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    final String overlay;
    final List<JsonNode> manifests;
    private List<HasMetadata> objects;

    private RenderedOverlay(String overlay, List<JsonNode> manifests) {
        this.overlay = overlay;
        this.manifests = manifests;
    }

    static RenderedOverlay of(String overlay) {
        return RENDERED.computeIfAbsent(overlay, RenderedOverlay::render);
    }

    private static RenderedOverlay render(String overlay) {
        if (ExternalTool.onPath("kubectl").isEmpty()) {
            ExternalTool.missing("kubectl (with its built-in kustomize)",
                    "Install a kubectl client of version 1.27 or newer");
        }
        String directory = "deploy/kubernetes/overlays/" + overlay;
        ExternalTool.Result result = ExternalTool.run(List.of("kubectl", "kustomize", directory), Map.of());
        if (result.exitCode() != 0) {
            throw new AssertionError("kubectl kustomize " + directory + " failed:\n" + result.output());
        }
        List<JsonNode> manifests = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(result.output())) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && !document.isNull() && !document.isEmpty()) {
                    manifests.add(document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("output of kubectl kustomize " + directory, e);
        }
        return new RenderedOverlay(overlay, manifests);
    }

    /** Every object, read strictly into its model class (fails on the first that does not read). */
    synchronized List<HasMetadata> objects() {
        if (objects == null) {
            objects = manifests.stream().map(StrictModel::read).toList();
        }
        return objects;
    }

    <T extends HasMetadata> Stream<T> objects(Class<T> type) {
        return objects().stream().filter(type::isInstance).map(type::cast);
    }

    <T extends HasMetadata> Optional<T> object(Class<T> type, String name) {
        return objects(type).filter(object -> name.equals(object.getMetadata().getName())).findFirst();
    }

    <T extends HasMetadata> T required(Class<T> type, String name) {
        return object(type, name).orElseThrow(() -> new AssertionError(
                overlay + ": no " + type.getSimpleName() + " named " + name));
    }

    List<Workload> workloads() {
        List<Workload> workloads = new ArrayList<>();
        objects(Deployment.class).forEach(deployment -> workloads.add(new Workload("Deployment",
                deployment.getMetadata().getName(), deployment.getSpec().getTemplate())));
        objects(StatefulSet.class).forEach(statefulSet -> workloads.add(new Workload("StatefulSet",
                statefulSet.getMetadata().getName(), statefulSet.getSpec().getTemplate())));
        return workloads;
    }

    @Override
    public String toString() {
        return overlay;
    }
}
