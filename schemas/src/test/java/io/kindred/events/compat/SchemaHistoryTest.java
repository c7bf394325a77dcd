package io.kindred.events.compat;

import static io.kindred.events.ModulePaths.AVRO_SOURCE_FOLDER;
import static io.kindred.events.ModulePaths.HISTORY_ROOT;
import static io.kindred.events.ModulePaths.MODULE_DIR;
import static io.kindred.events.ModulePaths.avroSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.kindred.events.EventSchemas;

/**
 * The evolution guard over the real event schemas: each current schema is recorded as the latest history version
 * and reads data written with every released version, and with the version committed at git HEAD.
 */
class SchemaHistoryTest {

    static Stream<String> events() {
        return EventSchemas.EVENT_NAMES.stream();
    }

    @ParameterizedTest
    @MethodSource("events")
    void currentSchemaReadsDataOfEveryReleasedVersion(String recordName) {
        List<String> problems = SchemaHistory.read(HISTORY_ROOT, recordName)
                .incompatibilities(EventSchemas.load(recordName));

        assertThat(problems)
                .as("%s must stay BACKWARD compatible with every released version (see schemas/README.md)",
                        recordName)
                .isEmpty();
    }

    @ParameterizedTest
    @MethodSource("events")
    void currentSchemaIsRecordedAsLatestVersion(String recordName) {
        Optional<String> unrecorded = SchemaHistory.read(HISTORY_ROOT, recordName)
                .unrecordedChange(EventSchemas.load(recordName), MODULE_DIR.resolve(avroSource(recordName)));

        unrecorded.ifPresent(message -> fail(message));
    }

    @ParameterizedTest
    @MethodSource("events")
    void currentSchemaReadsDataOfVersionCommittedAtGitHead(String recordName) {
        Optional<String> committed = GitHead.committedText(MODULE_DIR, avroSource(recordName));
        assumeTrue(committed.isPresent(), "no git checkout, or " + avroSource(recordName) + " not committed at HEAD");

        Schema headSchema;
        try {
            headSchema = new Schema.Parser().parse(committed.get());
        } catch (AvroRuntimeException e) {
            throw new AssertionError("The " + recordName + " schema committed at HEAD does not parse", e);
        }

        assertThat(BackwardCompatibility.problems(EventSchemas.load(recordName), headSchema))
                .as("%s must read data written with the version committed at HEAD", recordName)
                .isEmpty();
    }

    @Test
    void everySchemaFileIsAnEventWithAHistory() throws IOException {
        List<String> sourceSchemas = recordNamesIn(MODULE_DIR.resolve(AVRO_SOURCE_FOLDER), ".avsc");
        List<String> historyFolders;
        try (Stream<Path> folders = Files.list(HISTORY_ROOT)) {
            historyFolders = folders.filter(Files::isDirectory).map(f -> f.getFileName().toString()).sorted().toList();
        }

        assertThat(sourceSchemas)
                .as("every .avsc in %s must be listed in EventSchemas.EVENT_NAMES", AVRO_SOURCE_FOLDER)
                .containsExactlyInAnyOrderElementsOf(EventSchemas.EVENT_NAMES);
        assertThat(historyFolders)
                .as("every event schema needs a folder in %s (and no folder may outlive its schema)", HISTORY_ROOT)
                .containsExactlyInAnyOrderElementsOf(EventSchemas.EVENT_NAMES);
    }

    private static List<String> recordNamesIn(Path folder, String extension) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(name -> name.endsWith(extension))
                    .map(name -> name.substring(0, name.length() - extension.length()))
                    .sorted()
                    .toList();
        }
    }
}
