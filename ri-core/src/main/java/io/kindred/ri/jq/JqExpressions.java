package io.kindred.ri.jq;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The compiled jq expressions of one RI, by the JSON path of their field
 * (e.g. {@code spec.structureDefinition.childComponents[0].scaleDefinition.replicasPath}). Immutable.
 */
public final class JqExpressions {

    private final Map<String, JqExpression> byPath;

    public JqExpressions(Map<String, JqExpression> byPath) {
        this.byPath = Collections.unmodifiableMap(new LinkedHashMap<>(byPath));
    }

    /** The expression of the field at {@code path}, or {@code null} when that field is absent. */
    public JqExpression get(String path) {
        return byPath.get(path);
    }

    /**
     * The expression of the field at {@code path}.
     *
     * @throws IllegalStateException when there is none (a caller asked for a field its spec does not have)
     */
    public JqExpression require(String path) {
        JqExpression expression = byPath.get(path);
        if (expression == null) {
            throw new IllegalStateException("no compiled jq expression at " + path);
        }
        return expression;
    }

    /** All expressions in document order. */
    public Map<String, JqExpression> all() {
        return byPath;
    }

    public int size() {
        return byPath.size();
    }
}
