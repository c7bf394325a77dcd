package io.kindred.events.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history guard itself, on fixture histories: transitive checks, unrecorded changes, malformed folders. */
class SchemaHistoryGuardTest {

    private static final Path HISTORY = Fixtures.path("history");

    @Test
    void readsVersionsInOrder() {
        SchemaHistory history = SchemaHistory.read(HISTORY, "Sample");

        assertThat(history.versions()).extracting(SchemaHistory.Version::number).containsExactly(1, 2);
        assertThat(history.latest().file().getFileName()).hasToString("v2.avsc");
        assertThat(history.nextVersionFile().getFileName()).hasToString("v3.avsc");
    }

    @Test
    void checksEveryVersionNotJustTheLatest() {
        Schema current = Fixtures.schema("current-reads-v2-but-not-v1.avsc");
        SchemaHistory history = SchemaHistory.read(HISTORY, "Sample");

        assertThat(BackwardCompatibility.problems(current, history.latest().schema())).isEmpty();
        assertThat(history.incompatibilities(current))
                .singleElement(STRING)
                .contains("cannot read data written with v1", "READER_FIELD_MISSING_DEFAULT_VALUE", "owner");
    }

    @Test
    void unrecordedChangeTellsWhereToRecordIt() {
        Schema current = Fixtures.schema("current-with-unrecorded-field.avsc");
        Path currentFile = Path.of("src/main/avro/Sample.avsc");

        assertThat(SchemaHistory.read(HISTORY, "Sample").unrecordedChange(current, currentFile))
                .hasValueSatisfying(message -> assertThat(message)
                        .contains("differs from its latest recorded version")
                        .contains("copy " + currentFile + " to " + HISTORY.resolve("Sample/v3.avsc")));
    }

    @Test
    void layoutAloneIsNotAChange() {
        Schema current = Fixtures.schema("current-same-as-v2-reformatted.avsc");

        assertThat(SchemaHistory.read(HISTORY, "Sample").unrecordedChange(current, Path.of("Sample.avsc"))).isEmpty();
    }

    @Test
    void docChangeIsAChangeToRecord() {
        Schema v1WithNewDoc = Fixtures.schema("compatible/doc-only-change.avsc");
        SchemaHistory history = SchemaHistory.read(HISTORY, "Sample");

        assertThat(history.incompatibilities(v1WithNewDoc)).isEmpty();
        assertThat(history.unrecordedChange(v1WithNewDoc, Path.of("Sample.avsc"))).isPresent();
    }

    @Test
    void gapInVersionsIsRejected() {
        assertThatThrownBy(() -> SchemaHistory.read(HISTORY, "Gapped"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has no v2.avsc");
    }

    @Test
    void strayFileIsRejected() {
        assertThatThrownBy(() -> SchemaHistory.read(HISTORY, "Stray"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("latest.avsc")
                .hasMessageContaining("only v<N>.avsc files");
    }

    @Test
    void unparsableVersionNamesTheFile() {
        assertThatThrownBy(() -> SchemaHistory.read(HISTORY, "Broken"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Broken")
                .hasMessageContaining("v1.avsc is not valid Avro");
    }

    @Test
    void missingHistoryTellsHowToStartIt() {
        assertThatThrownBy(() -> SchemaHistory.read(HISTORY, "NeverRecorded"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No schema history for NeverRecorded")
                .hasMessageContaining("v1.avsc");
    }

    @Test
    void gitHeadIsUnavailableOutsideACheckout(@TempDir Path notARepository) {
        assertThat(GitHead.committedText(notARepository, "src/main/avro/Sample.avsc")).isEmpty();
    }

    @Test
    void gitHeadGivesTheCommittedVersionNotTheEditedOne(@TempDir Path repository) throws Exception {
        assumeTrue(git(repository, "init", "-q") == 0, "git is not installed");
        Path schemaFile = repository.resolve("schemas/src/main/avro/Sample.avsc");
        Files.createDirectories(schemaFile.getParent());
        Files.copy(Fixtures.path("base.avsc"), schemaFile);
        assertThat(git(repository, "add", ".")).isZero();
        assertThat(git(repository, "-c", "user.name=test", "-c", "user.email=test@example.invalid",
                "-c", "commit.gpgsign=false", "commit", "-q", "--no-verify", "-m", "v1")).isZero();
        Files.copy(Fixtures.path("breaking/changed-field-type.avsc"), schemaFile,
                StandardCopyOption.REPLACE_EXISTING);

        String committed = GitHead.committedText(repository.resolve("schemas"), "src/main/avro/Sample.avsc")
                .orElseThrow();

        Schema head = new Schema.Parser().parse(committed);
        assertThat(head).isEqualTo(Fixtures.schema("base.avsc"));
        assertThat(BackwardCompatibility.problems(new Schema.Parser().parse(schemaFile.toFile()), head))
                .anySatisfy(problem -> assertThat(problem).startsWith("TYPE_MISMATCH"));
        assertThat(GitHead.committedText(repository.resolve("schemas"), "src/main/avro/NotCommitted.avsc"))
                .isEmpty();
    }

    private static int git(Path directory, String... arguments) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (IOException e) {
            return -1;
        }
    }
}
