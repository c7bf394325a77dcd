package io.kindred.events.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.kindred.events.EventSchemas;

/** Proves the checker catches real breaks (and lets legal evolutions through), using fixture schemas. */
class BackwardCompatibilityTest {

    private static final Schema BASE = Fixtures.schema("base.avsc");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "added-field-without-default, READER_FIELD_MISSING_DEFAULT_VALUE",
            "removed-enum-symbol, MISSING_ENUM_SYMBOLS",
            "removed-enum-symbol-with-default, DROPPED_ENUM_SYMBOLS",
            "changed-field-type, TYPE_MISMATCH",
            "made-optional-field-required, TYPE_MISMATCH",
            "renamed-enum-type, NAME_MISMATCH"
    })
    void breakingChangeIsReported(String fixture, String expectedProblem) {
        Schema changed = Fixtures.schema("breaking/" + fixture + ".avsc");

        assertThat(BackwardCompatibility.problems(changed, BASE))
                .isNotEmpty()
                .anySatisfy(problem -> assertThat(problem).startsWith(expectedProblem));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "added-optional-field",
            "added-array-field-with-default",
            "added-enum-symbol",
            "widened-int-to-long",
            "removed-field",
            "doc-only-change"
    })
    void legalEvolutionPasses(String fixture) {
        Schema changed = Fixtures.schema("compatible/" + fixture + ".avsc");

        assertThat(BackwardCompatibility.problems(changed, BASE)).isEmpty();
    }

    @Test
    void droppingASymbolFromAnEnumWithDefaultIsOnlyCaughtByOurExtraRule() {
        Schema changed = Fixtures.schema("breaking/removed-enum-symbol-with-default.avsc");

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(changed, BASE).getType())
                .as("Avro alone accepts it: old HIGH values would silently read as UNKNOWN")
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(BackwardCompatibility.problems(changed, BASE))
                .singleElement(STRING)
                .contains("io.kindred.fixtures.Tier", "[HIGH]", "'UNKNOWN'");
    }

    @Test
    void droppingDeletedFromTheRealAbstractStateIsCaught() {
        String current = EventSchemas.text("WorkloadStatusEvent");
        String withoutDeleted = current.replace("\"UNDEFINED\", \"DELETED\"]", "\"UNDEFINED\"]");
        assertThat(withoutDeleted).as("fixture edit applied").isNotEqualTo(current);

        assertThat(BackwardCompatibility.problems(new Schema.Parser().parse(withoutDeleted),
                EventSchemas.workloadStatusEvent()))
                .singleElement(STRING)
                .startsWith("DROPPED_ENUM_SYMBOLS at io.kindred.events.AbstractState: [DELETED]");
    }

    @Test
    void addingARequiredFieldToTheRealWorkloadTypeEventIsCaught() {
        String current = EventSchemas.text("WorkloadTypeEvent");
        String withRequiredField = current.replaceFirst("\"fields\": \\[",
                "\"fields\": [{\"name\": \"tenantId\", \"type\": \"string\"},");
        assertThat(withRequiredField).as("fixture edit applied").isNotEqualTo(current);

        assertThat(BackwardCompatibility.problems(new Schema.Parser().parse(withRequiredField),
                EventSchemas.workloadTypeEvent()))
                .singleElement(STRING)
                .startsWith("READER_FIELD_MISSING_DEFAULT_VALUE")
                .contains("tenantId");
    }
}
