package io.kindred.ri.jq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.NullNode;
import io.kindred.ri.KartaExamples;
import io.kindred.ri.model.JqField;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JqSafetyTest {

    private static JqSafetyException refused(String expression) {
        try {
            JqExpression.compile(expression, "spec.x");
        } catch (JqSafetyException e) {
            return e;
        }
        throw new AssertionError("expected " + expression + " to be refused");
    }

    static Stream<Arguments> forbidden() {
        return Stream.of(
                // assignment and update operators
                Arguments.of(".a = 1", "=", 3),
                Arguments.of(".a |= 1", "|=", 3),
                Arguments.of(".a += 1", "+=", 3),
                Arguments.of(".a -= 1", "-=", 3),
                Arguments.of(".a *= 1", "*=", 3),
                Arguments.of(".a /= 1", "/=", 3),
                Arguments.of(".a %= 1", "%=", 3),
                Arguments.of(".a //= 1", "//=", 3),
                Arguments.of("del(.a)", "del/1", 0),
                Arguments.of("delpaths([[\"a\"]])", "delpaths/1", 0),
                Arguments.of("setpath([\"a\"]; 1)", "setpath/2", 0),
                // recursion, loops and generators that explode
                Arguments.of("..", "..", 0),
                Arguments.of(".spec | ..", "..", 8),
                Arguments.of("..a", "..", 0),
                Arguments.of("recurse", "recurse/0", 0),
                Arguments.of("recurse(.[])", "recurse/1", 0),
                Arguments.of("recurse(.[]; . != null)", "recurse/2", 0),
                Arguments.of("recurse_down", "recurse_down/0", 0),
                Arguments.of("walk(.)", "walk/1", 0),
                Arguments.of("[paths]", "paths/0", 1),
                Arguments.of("[leaf_paths]", "leaf_paths/0", 1),
                Arguments.of("path(.a)", "path/1", 0),
                Arguments.of("[range(10)]", "range/1", 1),
                Arguments.of("[range(0; 10)]", "range/2", 1),
                Arguments.of("repeat(.)", "repeat/1", 0),
                Arguments.of("[.[] | while(. < 10; . + 1)]", "while/2", 7),
                Arguments.of("until(. > 10; . + 1)", "until/2", 0),
                Arguments.of("[combinations]", "combinations/0", 1),
                Arguments.of("transpose", "transpose/0", 0),
                Arguments.of("tostream", "tostream/0", 0),
                Arguments.of("def f: f; f", "def", 0),
                Arguments.of("reduce .[] as $x (0; . + $x)", "reduce", 0),
                Arguments.of("foreach .[] as $x (0; . + $x)", "foreach", 0),
                Arguments.of("label $out | 1", "label", 0),
                // reading outside the input
                Arguments.of("env", "env/0", 0),
                Arguments.of("env.HOME", "env/0", 0),
                Arguments.of("$ENV.HOME", "$ENV", 0),
                Arguments.of("$__loc__", "$__loc__", 0),
                Arguments.of("input", "input/0", 0),
                Arguments.of("[inputs]", "inputs/0", 1),
                Arguments.of("debug", "debug/0", 0),
                Arguments.of("stderr", "stderr/0", 0),
                Arguments.of("input_filename", "input_filename/0", 0),
                Arguments.of("input_line_number", "input_line_number/0", 0),
                Arguments.of("builtins", "builtins/0", 0),
                Arguments.of("now", "now/0", 0),
                Arguments.of("import \"a\" as a; 1", "import", 0),
                Arguments.of("include \"a\"; 1", "include", 0),
                Arguments.of("a::f", "::", 1),
                // regular expressions (ReDoS)
                Arguments.of("test(\"a+\")", "test/1", 0),
                Arguments.of("test(\"a\"; \"x\")", "test/2", 0),
                Arguments.of("match(\"a\")", "match/1", 0),
                Arguments.of("capture(\"(?<x>a)\")", "capture/1", 0),
                Arguments.of("[scan(\"a\")]", "scan/1", 1),
                Arguments.of("sub(\"a\"; \"b\")", "sub/2", 0),
                Arguments.of("gsub(\"a\"; \"b\")", "gsub/2", 0),
                Arguments.of("[splits(\"a\")]", "splits/1", 1),
                Arguments.of("split(\"a\"; null)", "split/2", 0),
                // not on the allow-list
                Arguments.of("halt", "halt/0", 0),
                Arguments.of("@sh", "@sh", 0),
                Arguments.of("@csv", "@csv", 0),
                Arguments.of("@tsv \"\\(.)\"", "@tsv", 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forbidden")
    void forbiddenConstructsAreRefusedWithTheirNameAndPosition(String expression, String construct, int position) {
        JqSafetyException e = refused(expression);
        assertThat(e.getConstruct()).isEqualTo(construct);
        assertThat(e.getPosition()).isEqualTo(position);
        assertThat(e.getFieldPath()).isEqualTo("spec.x");
        assertThat(e.getExpression()).isEqualTo(expression);
        assertThat(e.getMessage()).startsWith("spec.x: ").contains("at column " + (position + 1)).contains(expression);
    }

    @Test
    void refusalsExplainThemselves() {
        assertThat(refused(".a |= 1").getProblem()).contains("read-only");
        assertThat(refused("..").getProblem()).contains("recursive descent");
        assertThat(refused("test(\"a\")").getProblem()).contains("regular expressions").contains("startswith");
        assertThat(refused("env").getProblem()).contains("reads outside");
        assertThat(refused("@sh").getProblem()).contains("allowed formats are @base64");
        assertThat(refused("halt_error").getProblem()).isEqualTo("halt_error is not allowed");
    }

    /** jq (and the reference, which only parses) finds these out when the expression runs: not a safety refusal. */
    @ParameterizedTest
    @CsvSource(delimiterString = " ; ", value = {
            "getpath([\"a\"]) | ascii ; ascii/0 ; 17",
            "no_such_function ; no_such_function/0 ; 0",
            "length(1) ; length/1 ; 0",
            ".metadata.labels.service-name ; name/0 ; 25" })
    void functionsJqDoesNotDefineAreUndefinedNotRefused(String expression, String function, int position) {
        JqException e = catchThrowableOfType(JqException.class, () -> JqExpression.compile(expression, "spec.x"));
        assertThat(e).isInstanceOf(JqUndefinedFunctionException.class).isNotInstanceOf(JqSafetyException.class);
        assertThat(e.getConstruct()).isEqualTo(function);
        assertThat(e.getPosition()).isEqualTo(position);
        assertThat(e.getProblem()).isEqualTo("function " + function + " is not defined in jq");
        // a refused construct in the same expression still wins
        assertThat(refused(expression + " | recurse").getConstruct()).isEqualTo("recurse/0");
    }

    @Test
    void anExpressionThatDoesNotCompileFailsEachTimeItIsEvaluatedWithItsPath() {
        JqExpression undefined = JqExpression.compileOrFailing(".metadata.labels.service-name", "spec.k", JqLimits.DEFAULT);
        assertThat(undefined.failure()).isInstanceOf(JqUndefinedFunctionException.class);
        for (int i = 0; i < 2; i++) {
            JqException e = catchThrowableOfType(JqException.class, () -> undefined.first(NullNode.getInstance()));
            assertThat(e.getFieldPath()).isEqualTo("spec.k");
            assertThat(e.getMessage()).startsWith("spec.k: function name/0 is not defined in jq");
        }
        JqExpression unsafe = JqExpression.compileOrFailing("[..]", "spec.u", JqLimits.DEFAULT);
        assertThat(catchThrowableOfType(JqException.class, () -> unsafe.evaluate(NullNode.getInstance())))
                .isInstanceOf(JqSafetyException.class).hasMessageContaining("recursive descent");
        assertThat(catchThrowableOfType(JqException.class, () -> unsafe.evaluatePaths(NullNode.getInstance())))
                .isInstanceOf(JqSafetyException.class);
        assertThat(JqExpression.compileOrFailing(".a", "spec.ok", JqLimits.DEFAULT).failure()).isNull();
    }

    @Test
    void positionsSpanLinesInMultiLineExpressions() {
        JqSafetyException e = refused(".spec\n| .template\n| recurse");
        assertThat(e.getMessage()).contains("at line 3, column 3");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\"recurse\"",                       // a string literal
            "\"env and $ENV and .. and |=\"",     // everything in a string
            ".recurse",                          // a field
            ".\"recurse\"",                      // a quoted field
            ".[\"recurse\"]",                    // a bracketed field
            ".env.input",
            ".a.recurse_down",
            "{recurse: 1}",                      // an object key
            "{recurse}",                         // the shorthand key, i.e. {recurse: .recurse}
            "{a: 1, range: 2, \"walk\": 3}",
            "{$__x: 1} | keys",                  // not $__loc__: a key from a variable? refused below instead
            ". as $range | $range",              // a variable named like a function
            ".a # recurse, in a comment\n| .b",
            ".[]",                               // iteration is not recursion
            ".a[]?",
            "1 + 2 == 3",                        // == is not an assignment
            ".a // .b"                           // // is not //=
    })
    void lookalikesOfForbiddenConstructsAreAccepted(String expression) {
        if (expression.contains("$__x")) {
            // a variable starting with __ is reserved for jq internals ($__loc__, $__prog_args): refused
            assertThat(refused(expression).getConstruct()).isEqualTo("$__x");
            return;
        }
        assertThatCode(() -> JqExpression.compile(expression, "spec.x")).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\"\\(recurse)\"",                   // a call inside an interpolation is a call
            "\"a\\(\"b\\(env)\")\"",             // nested interpolation
            "{a: recurse}",                      // an object value
            "{(env): 1}",                        // a computed key
            "{a: 1, b: (1, recurse)}",
            ".[recurse]",
            "if recurse then 1 else 2 end",
            "try recurse catch 1",
            ".a as $x | recurse",
            "[.[] | recurse]"
    })
    void callsHiddenInOtherConstructsAreStillFound(String expression) {
        JqSafetyException e = refused(expression);
        assertThat(e.getConstruct()).isIn("recurse/0", "env/0");
        assertThat(e.getPosition()).isEqualTo(expression.indexOf(e.getConstruct().substring(0, e.getConstruct().indexOf('/'))));
    }

    @Test
    void theCompiledTreeIsCheckedToo() {
        // what the lexer cannot see, the syntax-tree check refuses: the guard reads jackson-jq's tree itself
        JqException viaTree = org.assertj.core.api.Assertions.catchThrowableOfType(JqException.class,
                () -> JqGuard.checkAndInstrument(net.thisptr.jackson.jq.JsonQuery.compile("[.[] | recurse]",
                        JqRuntime.VERSION), "spec.x", "[.[] | recurse]"));
        assertThat(viaTree).isInstanceOf(JqSafetyException.class);
        assertThat(viaTree.getConstruct()).isEqualTo("recurse/0");

        for (String expression : List.of("..", ".a |= 1", "def f: 1; f", "reduce .[] as $x (0; 1)",
                "foreach .[] as $x (0; 1)", "label $f | 1", "$ENV", "$__loc__", "@sh", "env")) {
            assertThatThrownBy(() -> JqGuard.checkAndInstrument(
                    net.thisptr.jackson.jq.JsonQuery.compile(expression, JqRuntime.VERSION), "spec.x", expression))
                    .as(expression).isInstanceOf(JqSafetyException.class);
        }
    }

    @Test
    void expressionLengthAndNestingAreBounded() {
        String tooLong = "." + "a".repeat(JqLimits.DEFAULT.maxExpressionLength());
        assertThat(refused(tooLong).getProblem()).contains("at most 4096");
        String deep = "(".repeat(65) + "." + ")".repeat(65);
        assertThat(refused(deep).getProblem()).contains("more than 64 deep");
        assertThatCode(() -> JqExpression.compile("(".repeat(60) + "." + ")".repeat(60), "spec.x")).doesNotThrowAnyException();
    }

    @Test
    void invalidJqIsAnErrorNamingTheField() {
        assertThatThrownBy(() -> JqExpression.compile(".a[", "spec.y"))
                .isInstanceOf(JqException.class).isNotInstanceOf(JqSafetyException.class)
                .hasMessageStartingWith("spec.y: invalid jq");
        assertThatThrownBy(() -> JqExpression.compile("", "spec.y")).hasMessageContaining("empty");
        assertThatThrownBy(() -> JqExpression.compile("  ", "spec.y")).hasMessageContaining("empty");
    }

    @ParameterizedTest
    @FieldSource("io.kindred.ri.KartaExamples#PARSEABLE")
    void everyExpressionOfTheReferenceExamplesCompiles(String example) {
        for (JqField field : KartaExamples.spec(example).jqFields()) {
            assertThatCode(() -> JqExpression.compile(field.expression(), field.path()))
                    .as(example + " " + field.path()).doesNotThrowAnyException();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            ".spec.services | to_entries[] | .key",
            ".spec.services[] | (.replicas // 1) * (.multinode.nodeCount // 1)",
            ".spec.predictor | ( (.[]?  | select(type ==\"object\" and .storageUri )))",
            ".metadata.labels[\"leaderworkerset.sigs.k8s.io/group-index\"] // \"0\"",
            "(.spec.replicas // 1) * ((.spec.leaderWorkerTemplate.size // 1) - 1)",
            "\"1\"",
            "[.status.conditions[]? | select(.type == \"Ready\" and .status == \"True\")] | length > 0",
            ".status.conditions | map(select(.status == \"True\") | .type) | join(\",\")",
            "any(.status.conditions[]?; .type == \"Failed\")",
            "all(.status.conditions[]?; .status != \"False\")",
            "(.status.readyReplicas // 0) < (.spec.replicas // 1)",
            ".spec.containers | map(.resources.limits[\"nvidia.com/gpu\"] // \"0\" | tonumber) | add",
            "if .status.phase == \"Running\" then \"yes\" elif .status.phase then \"no\" else empty end",
            ".metadata.name | ascii_downcase | startswith(\"job-\")",
            ".spec.template.spec.containers | length",
            "(.metadata.annotations // {}) | has(\"x\")",
            "[.spec.workerGroupSpecs[].replicas] | add // 0",
            ".status.message | ltrimstr(\"x\") | split(\":\") | first",
            "{name: .metadata.name, n: (.spec.replicas | tostring)} | tojson",
            "@base64 \"\\(.metadata.name)\"",
            ".items | sort_by(.name) | group_by(.kind) | map(length) | max",
            "limit(1; .items[])",
            ".a as [$x, $y] | $x + $y",
            "try error(\"custom\") catch .",
            "(.spec.replicas | floor) as $n | $n"
    })
    void idiomsRisUseAreAllowed(String expression) {
        assertThatCode(() -> JqExpression.compile(expression, "spec.x")).doesNotThrowAnyException();
    }

    @Test
    void everyAllowedFunctionExistsInJacksonJq() {
        for (String function : JqFunctions.allowed()) {
            String name = function.substring(0, function.indexOf('/'));
            int arity = Integer.parseInt(function.substring(function.indexOf('/') + 1));
            assertThat(JqRuntime.ROOT.getFunction(name, arity)).as(function).isNotNull();
        }
        for (String format : JqFunctions.allowedFormats()) {
            assertThat(JqRuntime.ROOT.getFunction(format, 0)).as(format).isNotNull();
        }
    }

    @Test
    void compiledExpressionsReportTheirFunctions() {
        assertThat(JqExpression.compile(".a | map(select(. > 1)) | length", "spec.x").functions())
                .containsExactlyInAnyOrder("map/1", "select/1", "length/0");
    }
}
