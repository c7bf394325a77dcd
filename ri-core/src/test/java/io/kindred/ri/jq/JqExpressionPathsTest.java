package io.kindred.ri.jq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link JqExpression#evaluatePaths}: where results come from, for writing back through RI paths. */
class JqExpressionPathsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final JsonNode OBJECT = json("""
            {"spec": {"services": {"a": {"labels": {"x": "1"}}, "b": {}}, "jobs": [{"name": "d"}, {"name": "w"}]}}
            """);

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static List<String> paths(String expression) {
        return JqExpression.compile(expression, "spec.f").evaluatePaths(OBJECT).stream().map(JsonNode::toString).toList();
    }

    @Test
    void pathExpressionsGiveOnePathPerResult() {
        assertThat(paths(".spec.services | .[] | .labels"))
                .containsExactly("[\"spec\",\"services\",\"a\",\"labels\"]", "[\"spec\",\"services\",\"b\",\"labels\"]");
        assertThat(paths(".spec.jobs[].name")).containsExactly("[\"spec\",\"jobs\",0,\"name\"]", "[\"spec\",\"jobs\",1,\"name\"]");
        assertThat(paths(".spec[\"jobs\"][1]")).containsExactly("[\"spec\",\"jobs\",1]");
        assertThat(paths(".spec.jobs[] | select(.name == \"w\")")).containsExactly("[\"spec\",\"jobs\",1]");
        assertThat(paths(".spec.missing.deeper")).containsExactly("[\"spec\",\"missing\",\"deeper\"]");
        assertThat(paths(".spec.none // .spec.jobs")).containsExactly("[\"spec\",\"jobs\"]");
        assertThat(paths(".")).containsExactly("[]");
    }

    @Test
    void expressionsThatComputeValuesAreNotPaths() {
        for (String computed : List.of("1", ".spec.none // {}", ".spec.jobs | length", ".spec.services | to_entries[] | .value",
                ".spec.jobs | map(.name)", "{a: 1}")) {
            assertThatThrownBy(() -> paths(computed)).as(computed)
                    .isInstanceOf(JqException.class)
                    .hasMessageStartingWith("spec.f: not a path expression:");
        }
    }

    @Test
    void pathEvaluationIsBoundedLikeEvaluation() {
        JqExpression many = JqExpression.compile(".spec.jobs[]", "spec.f", JqLimits.DEFAULT.withMaxResults(1));
        assertThatThrownBy(() -> many.evaluatePaths(OBJECT))
                .isInstanceOf(JqLimitException.class)
                .hasMessageContaining("more than 1 paths");
    }
}
