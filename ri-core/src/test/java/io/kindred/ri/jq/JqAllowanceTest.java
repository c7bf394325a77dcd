package io.kindred.ri.jq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A request-wide allowance bounds many evaluations together, each of which stays within its own limits. */
class JqAllowanceTest {

    private static final JqExpression EXPRESSION = JqExpression.compile("[.[] | . + 1] | length", "status.phase");

    private static ArrayNode numbers(int count) {
        ArrayNode array = new ObjectMapper().createArrayNode();
        for (int i = 0; i < count; i++) {
            array.add(i);
        }
        return array;
    }

    @Test
    void evaluationsTogetherCannotTakeMoreStepsThanTheAllowance() {
        ArrayNode input = numbers(200);
        long oneEvaluation;
        try (JqAllowance measuring = JqAllowance.open(Long.MAX_VALUE, Duration.ofMinutes(1))) {
            EXPRESSION.evaluate(input);
            oneEvaluation = measuring.steps();
        }
        assertThat(oneEvaluation).as("well within the per-evaluation limit").isLessThan(JqLimits.DEFAULT.maxSteps() / 10);

        try (JqAllowance allowance = JqAllowance.open(oneEvaluation * 3 / 2, Duration.ofMinutes(1))) {
            assertThat(EXPRESSION.evaluate(input).get(0).asInt()).isEqualTo(200);
            assertThatThrownBy(() -> EXPRESSION.evaluate(input)).isInstanceOf(JqLimitException.class)
                    .hasMessageContaining("the request's jq evaluations took more than");
            assertThat(allowance.spent()).isTrue();
            long stepsWhenSpent = allowance.steps();
            assertThatThrownBy(() -> EXPRESSION.evaluate(input)).as("every later evaluation fails at once")
                    .isInstanceOf(JqLimitException.class);
            assertThat(allowance.steps()).isEqualTo(stepsWhenSpent);
        }
        assertThat(EXPRESSION.evaluate(input).get(0).asInt()).as("closed: no allowance any more").isEqualTo(200);
        assertThat(JqAllowance.current()).isNull();
    }

    @Test
    void jqCannotCatchTheSpentAllowance() {
        JqExpression guarded = JqExpression.compile("try ([.[] | . + 1] | length) catch \"caught\"", "status.phase");
        try (JqAllowance allowance = JqAllowance.open(10, Duration.ofMinutes(1))) {
            assertThatThrownBy(() -> guarded.evaluate(numbers(100))).isInstanceOf(JqLimitException.class);
            assertThat(allowance.spentReason()).contains("10 steps");
        }
    }

    @Test
    void anAllowanceNeedsStepsAndTime() {
        assertThatThrownBy(() -> JqAllowance.open(0, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JqAllowance.open(1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
