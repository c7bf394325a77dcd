package io.kindred.ri.jq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class JqExpressionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static List<JsonNode> eval(String expression, String input) {
        return JqExpression.compile(expression, "spec.f").evaluate(json(input));
    }

    /** The default limits but a deadline far away, so that the limit under test is reached first even on a busy machine. */
    private static final JqLimits PATIENT = JqLimits.DEFAULT.withTimeout(Duration.ofMinutes(5));

    private static JqLimitException limitHit(String expression, String input) {
        return limitHit(expression, input, PATIENT);
    }

    private static JqLimitException limitHit(String expression, String input, JqLimits limits) {
        try {
            JqExpression.compile(expression, "spec.f", limits).evaluate(json(input));
        } catch (JqLimitException e) {
            return e;
        }
        throw new AssertionError("expected " + expression + " to reach a limit");
    }

    private static String bigArray(int size) {
        return "{\"a\":[" + "1,".repeat(size - 1) + "1]}";
    }

    @Test
    void evaluatesToEveryResultInOrder() {
        assertThat(eval(".a[]", "{\"a\":[1,2,3]}")).containsExactly(IntNode.valueOf(1), IntNode.valueOf(2), IntNode.valueOf(3));
        assertThat(eval(".missing", "{}")).containsExactly(json("null"));
        assertThat(eval("empty", "{}")).isEmpty();
        assertThat(JqExpression.compile(".", "spec.f").evaluate(null)).containsExactly(json("null"));
    }

    @Test
    void firstStopsAtTheFirstResult() {
        JqExpression e = JqExpression.compile(".a[] | if . == 2 then error(\"too far\") else . end", "spec.f");
        assertThat(e.first(json("{\"a\":[1,2]}"))).isEqualTo(IntNode.valueOf(1));
        assertThat(JqExpression.compile("empty", "spec.f").first(json("{}"))).isNull();
        assertThatThrownBy(() -> e.evaluate(json("{\"a\":[1,2]}"))).isInstanceOf(JqException.class).hasMessageContaining("too far");
    }

    @Test
    void theReferenceIdiomsEvaluateAsJqDoes() {
        String dynamo = "{\"spec\":{\"services\":{\"Frontend\":{\"replicas\":2},\"Worker\":{\"replicas\":3,\"multinode\":{\"nodeCount\":2}}}}}";
        assertThat(eval(".spec.services | to_entries[] | .key", dynamo)).containsExactly(json("\"Frontend\""), json("\"Worker\""));
        assertThat(eval(".spec.services[] | (.replicas // 1) * (.multinode.nodeCount // 1)", dynamo))
                .containsExactly(IntNode.valueOf(2), IntNode.valueOf(6));
        assertThat(eval(".metadata.labels[\"x/group-index\"] // \"0\"", "{\"metadata\":{\"labels\":{}}}"))
                .containsExactly(json("\"0\""));
        assertThat(eval("\"1\"", "{}")).containsExactly(json("\"1\""));
        assertThat(eval(".spec.predictor | ( (.[]?  | select(type ==\"object\" and .storageUri )))",
                "{\"spec\":{\"predictor\":{\"model\":{\"storageUri\":\"s3://m\"},\"minReplicas\":1}}}"))
                .containsExactly(json("{\"storageUri\":\"s3://m\"}"));
    }

    @Test
    void evaluationErrorsNameTheFieldAndNeverEscapeRaw() {
        assertThatThrownBy(() -> eval(".a.b", "{\"a\":\"text\"}"))
                .isInstanceOf(JqException.class)
                .hasMessageStartingWith("spec.f: evaluation failed: Cannot index string with")
                .hasMessageContaining("'.a.b'");
        assertThatThrownBy(() -> eval("$undefined", "{}")).isInstanceOf(JqException.class).hasMessageContaining("not defined");
        assertThatThrownBy(() -> eval("error(\"boom\")", "{}")).isInstanceOf(JqException.class).hasMessageContaining("boom");
        assertThatThrownBy(() -> eval(".a + 1", "{\"a\":\"x\"}")).isInstanceOf(JqException.class).hasMessageContaining("cannot be added");
        assertThatThrownBy(() -> eval("tonumber", "\"abc\"")).isInstanceOf(JqException.class);
        assertThat(eval("try error(\"x\") catch .", "{}")).containsExactly(json("\"x\""));
        assertThat(eval(".a.b?", "{\"a\":\"text\"}")).isEmpty();
    }

    @Test
    void resultsAreBounded() {
        JqLimitException e = limitHit(".a[]", bigArray(1001));
        assertThat(e.getMessage()).contains("more than 1000 results").startsWith("spec.f: ");
        assertThat(eval(".a[]", bigArray(1000))).hasSize(1000);
        assertThat(limitHit(".a[]", bigArray(11), PATIENT.withMaxResults(10)).getProblem()).contains("more than 10 results");
    }

    @Test
    void iterationThatNeverReachesTheOutputIsBoundedBySteps() {
        // 10^9 values built internally, one result: the step budget stops it
        JqLimitException e = limitHit("[.a[] as $x | .a[] as $y | .a[] | 1] | length", bigArray(1000));
        assertThat(e.getProblem()).contains("more than 200000 steps");
        assertThat(eval("[.a[] as $x | .a[] | 1] | length", bigArray(100))).containsExactly(IntNode.valueOf(10000));
    }

    @Test
    void jqTryCannotCatchALimit() {
        assertThat(limitHit("try ([.a[] as $x | .a[] as $y | .a[] | 1] | length) catch \"caught\"", bigArray(1000))
                .getProblem()).contains("steps");
        assertThat(limitHit("[.a[] as $x | .a[] as $y | (.a[] | 1)?] | length", bigArray(1000))
                .getProblem()).contains("steps");
    }

    @Test
    void aTooLongTojsonIsALimitThatTryCannotCatch() {
        String blob = "{\"a\":[" + String.join(",", java.util.Collections.nCopies(300_000, "\"abcd\"")) + "]}";
        assertThat(limitHit(".a | tojson", blob).getProblem()).contains("string longer than 1048576");
        assertThat(limitHit("try (.a | tostring) catch \"caught\"", blob).getProblem()).contains("string longer");
    }

    @Test
    void stringDoublingIsStoppedAtTheStringLimit() {
        String doubling = ".s" + " | . + .".repeat(30);
        assertThat(limitHit(doubling, "{\"s\":\"abcdefgh\"}").getProblem()).contains("string longer than 1048576");
    }

    @Test
    void stringRepetitionIsCheckedBeforeItAllocates() {
        assertThat(limitHit("\"x\" * 1e9", "{}").getProblem()).contains("repeat a string");
        assertThat(limitHit("1e9 * \"x\"", "{}").getProblem()).contains("repeat a string");
        assertThat(eval("\"ab\" * 3", "{}")).containsExactly(json("\"ababab\""));
        assertThat(eval("2 * 3", "{}")).containsExactly(IntNode.valueOf(6));
    }

    @Test
    void valuesSharingSubtreesCannotExplodeWhenSerializedOrCompared() {
        String nest = "[.,.]|".repeat(30);
        assertThat(limitHit(nest + "tojson | length", "{\"a\":1}").getProblem()).contains("larger than the limit");
        assertThat(limitHit(nest + ". == .", "{\"a\":1}").getProblem()).contains("larger than the limit");
        assertThat(limitHit("{a: ., b: .} | {a: ., b: .} | " + "{a: ., b: .} | ".repeat(28) + "tostring", "[1]")
                .getProblem()).contains("larger than the limit");
    }

    @Test
    void arrayDoublingIsStopped() {
        assertThat(limitHit(".a" + " | . + .".repeat(30), bigArray(10)).getProblem()).contains("larger than the limit");
    }

    @Test
    void addFlattenAndJoinAreLinearAndBounded() {
        assertThat(eval("[.a[] | tostring] | add | length", bigArray(1000))).containsExactly(IntNode.valueOf(1000));
        assertThat(eval("add", "[[1],[2,3],null,[4]]")).containsExactly(json("[1,2,3,4]"));
        assertThat(eval("add", "[{\"a\":1},{\"b\":2},{\"a\":3}]")).containsExactly(json("{\"a\":3,\"b\":2}"));
        assertThat(eval("add", "[1,2,3.5]")).containsExactly(json("6.5"));
        assertThat(eval("add", "[]")).containsExactly(json("null"));
        assertThat(eval("add", "{\"a\":\"x\",\"b\":\"y\"}")).containsExactly(json("\"xy\""));
        assertThatThrownBy(() -> eval("add", "[\"a\", 1]")).isInstanceOf(JqException.class).hasMessageContaining("cannot be added");
        assertThat(eval("flatten", "[1,[2,[3,[4]]]]")).containsExactly(json("[1,2,3,4]"));
        assertThat(eval("flatten(1)", "[1,[2,[3,[4]]]]")).containsExactly(json("[1,2,[3,[4]]]"));
        assertThatThrownBy(() -> eval("flatten(-1)", "[]")).isInstanceOf(JqException.class).hasMessageContaining("negative");
        assertThat(eval("join(\", \")", "[\"a\",\"b\",null,1,true]")).containsExactly(json("\"a, b, , 1, true\""));

        // a 2000-element array of references to one 1000-character string, built in a few steps
        String manyRefs = "[.s] | . + . | . + . | . + . | . + . | . + . | . + . | . + . | . + . | . + . | . + . | . + .";
        assertThat(limitHit(manyRefs + " | add", "{\"s\":\"" + "x".repeat(1000) + "\"}").getProblem()).contains("string longer");
        assertThat(limitHit(manyRefs + " | join(\"-\")", "{\"s\":\"" + "x".repeat(1000) + "\"}").getProblem()).contains("string longer");
    }

    @Test
    void theDeadlineStopsALongEvaluation() {
        JqLimits oneNanosecond = JqLimits.DEFAULT.withTimeout(Duration.ofNanos(1)).withMaxSteps(Long.MAX_VALUE);
        assertThat(limitHit("[.a[] as $x | .a[] | 1] | length", bigArray(1000), oneNanosecond).getProblem())
                .contains("took longer than");
    }

    @Test
    void stepsAreChargedForEverySubExpression() {
        JqLimits fewSteps = PATIENT.withMaxSteps(50);
        assertThat(limitHit("[.a[] | . + 1] | length", bigArray(100), fewSteps).getProblem()).contains("more than 50 steps");
        assertThat(JqExpression.compile(".a | length", "spec.f", fewSteps).evaluate(json(bigArray(100))))
                .containsExactly(IntNode.valueOf(100));
    }

    @Test
    void expressionsAreSafeToShareAcrossThreads() throws Exception {
        JqExpression expression = JqExpression.compile("[.a[] | . * 2] | add", "spec.f");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<JsonNode>> futures = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                futures.add(pool.submit(() -> expression.first(json("{\"a\":[" + n + "," + n + "]}"))));
            }
            for (int i = 0; i < futures.size(); i++) {
                assertThat(futures.get(i).get().asInt()).isEqualTo(4 * i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void evaluationDoesNotLeakBindingsIntoTheSharedScope() {
        assertThat(eval(". as $leak | 1", "2")).containsExactly(IntNode.valueOf(1));
        assertThatThrownBy(() -> eval("$leak", "{}")).hasMessageContaining("not defined");
    }

    @Test
    void toTextPrintsAsJqTostringDoes() {
        assertThat(JqValues.toText(json("\"s\""))).isEqualTo("s");
        assertThat(JqValues.toText(json("3"))).isEqualTo("3");
        assertThat(JqValues.toText(json("3.0"))).isEqualTo("3");
        assertThat(JqValues.toText(json("-2.50"))).isEqualTo("-2.5");
        assertThat(JqValues.toText(json("30000000000.0"))).isEqualTo("30000000000");
        assertThat(JqValues.toText(json("1e100"))).isEqualTo("1e+100");
        assertThat(JqValues.toText(json("true"))).isEqualTo("true");
        assertThat(JqValues.toText(json("null"))).isEqualTo("null");
        assertThat(JqValues.toText(json("{\"a\":[1,\"x\"]}"))).isEqualTo("{\"a\":[1,\"x\"]}");
        assertThat(JqValues.toText(null)).isNull();
        assertThat(eval("(1.5 * 2) | tostring", "{}")).containsExactly(json("\"3\""));
    }
}
