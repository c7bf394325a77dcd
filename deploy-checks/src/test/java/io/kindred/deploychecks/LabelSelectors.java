package io.kindred.deploychecks;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;

/** Kubernetes label selector semantics, for checking which pods a NetworkPolicy or Service selects. */
final class LabelSelectors {

    private LabelSelectors() {
    }

    static boolean isEmpty(LabelSelector selector) {
        return selector == null
                || (nullToEmpty(selector.getMatchLabels()).isEmpty() && nullToEmpty(selector.getMatchExpressions()).isEmpty());
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        Map<String, String> present = labels == null ? Map.of() : labels;
        for (Map.Entry<String, String> required : nullToEmpty(selector.getMatchLabels()).entrySet()) {
            if (!required.getValue().equals(present.get(required.getKey()))) {
                return false;
            }
        }
        for (LabelSelectorRequirement requirement : nullToEmpty(selector.getMatchExpressions())) {
            String value = present.get(requirement.getKey());
            List<String> values = nullToEmpty(requirement.getValues());
            boolean ok;
            switch (requirement.getOperator()) {
                case "In":
                    ok = value != null && values.contains(value);
                    break;
                case "NotIn":
                    ok = value == null || !values.contains(value);
                    break;
                case "Exists":
                    ok = value != null;
                    break;
                case "DoesNotExist":
                    ok = value == null;
                    break;
                default:
                    throw new AssertionError("unknown label selector operator " + requirement.getOperator());
            }
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static boolean matches(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && !selector.isEmpty() && labels != null && labels.entrySet().containsAll(selector.entrySet());
    }

    private static <K, V> Map<K, V> nullToEmpty(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
