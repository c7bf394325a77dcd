package io.kindred.deploychecks;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.Duration;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;

/**
 * Reads a manifest into the model class of its apiVersion and kind, strictly: a kind without a model class (a typo
 * in apiVersion or kind), a value of the wrong type or an unknown enum value, and any field the kind does not have
 * (a misspelt or misplaced key, which the API server would drop or refuse) are errors.
 *
 * <p>fabric8's and Strimzi's model classes keep unknown fields in an "additionalProperties" map instead of failing,
 * so after reading, the object graph is walked and every non-empty such map is reported with its path.
 */
final class StrictModel {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /** Custom resources whose model classes fabric8 does not discover by itself. */
    private static final Map<String, Class<? extends HasMetadata>> CUSTOM_KINDS = Map.of(
            "kafka.strimzi.io/v1 KafkaTopic", KafkaTopic.class,
            "kafka.strimzi.io/v1 KafkaUser", KafkaUser.class);

    private static final List<String> MODEL_PACKAGES = List.of("io.fabric8.kubernetes.api.model", "io.fabric8.certmanager",
            "io.strimzi.api");

    private StrictModel() {
    }

    static HasMetadata read(JsonNode manifest) {
        String apiVersion = manifest.path("apiVersion").asText();
        String kind = manifest.path("kind").asText();
        String name = apiVersion + " " + kind + " " + manifest.path("metadata").path("name").asText();
        Class<? extends HasMetadata> custom = CUSTOM_KINDS.get(apiVersion + " " + kind);
        Object object;
        try {
            object = custom != null
                    ? SERIALIZATION.unmarshal(manifest.toString(), custom)
                    : SERIALIZATION.unmarshal(manifest.toString(), KubernetesResource.class);
        } catch (RuntimeException e) {
            throw new AssertionError(name + ": does not read as its kind: " + rootCause(e), e);
        }
        if (!(object instanceof HasMetadata) || object instanceof GenericKubernetesResource) {
            throw new AssertionError(name + ": no model class for apiVersion " + apiVersion + " kind " + kind
                    + " (a typo, a version the cluster does not serve, or a kind these checks do not know yet)");
        }
        List<String> unknown = new ArrayList<>();
        collectUnknownFields(object, "", unknown, Collections.newSetFromMap(new IdentityHashMap<>()));
        if (!unknown.isEmpty()) {
            throw new AssertionError(name + ": fields its kind does not have: " + unknown);
        }
        // What the model cannot hold (an enum value it does not know reads as null) is lost on the way back.
        List<String> lost = new ArrayList<>();
        collectLostValues(manifest, SERIALIZATION.convertValue(object, JsonNode.class), "", lost);
        if (!lost.isEmpty()) {
            throw new AssertionError(name + ": values its kind cannot hold: " + lost);
        }
        return (HasMetadata) object;
    }

    private static void collectUnknownFields(Object value, String path, List<String> unknown, Set<Object> seen) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Enum || !seen.add(value)) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, entry) -> collectUnknownFields(entry, path + "." + key, unknown, seen));
            return;
        }
        if (value instanceof Collection<?> collection) {
            int index = 0;
            for (Object element : collection) {
                collectUnknownFields(element, path + "[" + index++ + "]", unknown, seen);
            }
            return;
        }
        if (MODEL_PACKAGES.stream().noneMatch(value.getClass().getName()::startsWith)) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (Modifier.isStatic(getter.getModifiers()) || getter.getParameterCount() != 0
                    || getter.getDeclaringClass() == Object.class || !getter.getName().startsWith("get")) {
                continue;
            }
            Object property;
            try {
                property = getter.invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;   // a derived accessor (e.g. a CRD name computed from annotations), not a field
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (property instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(key -> unknown.add(path + "." + key));
                }
                continue;
            }
            String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
            collectUnknownFields(property, path + "." + field, unknown, seen);
        }
    }

    /** Every value of the manifest must come back from the model unchanged (the model may add defaults). */
    private static void collectLostValues(JsonNode written, JsonNode readBack, String path, List<String> lost) {
        if (written.isObject()) {
            written.fields().forEachRemaining(field -> {
                JsonNode back = readBack == null ? null : readBack.get(field.getKey());
                if (field.getValue().isNull() || (field.getValue().isArray() && field.getValue().isEmpty())) {
                    return;   // the model writes neither nulls nor empty lists back
                }
                if (back == null || back.isNull()) {
                    lost.add(path + "." + field.getKey() + "=" + field.getValue());
                } else {
                    collectLostValues(field.getValue(), back, path + "." + field.getKey(), lost);
                }
            });
        } else if (written.isArray()) {
            for (int i = 0; i < written.size(); i++) {
                JsonNode back = readBack != null && readBack.isArray() && i < readBack.size() ? readBack.get(i) : null;
                if (back == null || back.isNull()) {
                    lost.add(path + "[" + i + "]=" + written.get(i));
                } else {
                    collectLostValues(written.get(i), back, path + "[" + i + "]", lost);
                }
            }
        } else if (!written.asText().equals(readBack.asText()) && !sameDuration(written.asText(), readBack.asText())) {
            lost.add(path + "=" + written + " (read as " + readBack + ")");
        }
    }

    /** Durations come back normalised ("2160h" as nanoseconds). */
    private static boolean sameDuration(String written, String readBack) {
        try {
            return Duration.parse(written).equals(Duration.parse(readBack));
        } catch (ParseException | RuntimeException e) {
            return false;
        }
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
