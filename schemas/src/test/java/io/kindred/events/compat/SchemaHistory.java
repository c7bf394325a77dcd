package io.kindred.events.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/**
 * The released versions of one event schema: {@code <historyRoot>/<RecordName>/v1.avsc … vN.avsc}, each a
 * self-contained copy of the schema as it was released. vN is the latest; the current schema must equal it
 * (so every change is recorded) and must read data written with every version (BACKWARD, transitively).
 */
public final class SchemaHistory {

    private static final Pattern VERSION_FILE = Pattern.compile("v([1-9][0-9]*)\\.avsc");

    /** One recorded release of the schema. */
    public record Version(int number, Path file, Schema schema) {
    }

    private final String recordName;
    private final Path folder;
    private final List<Version> versions;

    private SchemaHistory(String recordName, Path folder, List<Version> versions) {
        this.recordName = recordName;
        this.folder = folder;
        this.versions = versions;
    }

    /**
     * Reads and checks the history folder of {@code recordName}.
     *
     * @throws IllegalStateException naming the folder or file when the history is missing, has a gap, holds a
     *                               file that is not {@code v<N>.avsc}, or holds a schema that does not parse
     */
    public static SchemaHistory read(Path historyRoot, String recordName) {
        Path folder = historyRoot.resolve(recordName);
        if (!Files.isDirectory(folder)) {
            throw new IllegalStateException("No schema history for " + recordName + ": create " + folder.resolve("v1.avsc")
                    + " as a copy of the current schema");
        }
        List<Version> versions = new ArrayList<>();
        for (Path file : list(folder)) {
            Matcher matcher = VERSION_FILE.matcher(file.getFileName().toString());
            if (!matcher.matches()) {
                throw new IllegalStateException("Unexpected file " + file + " in the schema history of " + recordName
                        + ": only v<N>.avsc files (N = 1, 2, …) belong there");
            }
            versions.add(new Version(Integer.parseInt(matcher.group(1)), file, parse(file)));
        }
        versions.sort(Comparator.comparingInt(Version::number));
        for (int i = 0; i < versions.size(); i++) {
            if (versions.get(i).number() != i + 1) {
                throw new IllegalStateException("Schema history of " + recordName + " in " + folder + " has no v" + (i + 1)
                        + ".avsc; versions must be numbered 1, 2, 3, … without gaps");
            }
        }
        if (versions.isEmpty()) {
            throw new IllegalStateException("Schema history folder " + folder + " is empty: add v1.avsc as a copy of the "
                    + "current " + recordName + " schema");
        }
        return new SchemaHistory(recordName, folder, List.copyOf(versions));
    }

    public List<Version> versions() {
        return versions;
    }

    public Version latest() {
        return versions.get(versions.size() - 1);
    }

    /** Where the next release of the schema has to be recorded. */
    public Path nextVersionFile() {
        return folder.resolve("v" + (latest().number() + 1) + ".avsc");
    }

    /**
     * A message telling the developer to record the change when {@code current} differs from the latest version;
     * empty when it is recorded. Docs count as a change (they are part of the contract); layout does not.
     *
     * @param currentFile where the current schema lives, for the message
     */
    public Optional<String> unrecordedChange(Schema current, Path currentFile) {
        if (current.toString().equals(latest().schema().toString())) {
            return Optional.empty();
        }
        return Optional.of("Schema " + recordName + " (" + currentFile + ") differs from its latest recorded version "
                + latest().file() + ". Every change must be recorded: copy " + currentFile + " to " + nextVersionFile()
                + " (and commit it with the change).");
    }

    /** Every way {@code current} fails to read data written with a recorded version, prefixed by that version. */
    public List<String> incompatibilities(Schema current) {
        List<String> problems = new ArrayList<>();
        for (Version version : versions) {
            for (String problem : BackwardCompatibility.problems(current, version.schema())) {
                problems.add(recordName + " cannot read data written with v" + version.number() + " ("
                        + version.file() + "): " + problem);
            }
        }
        return problems;
    }

    private static List<Path> list(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list schema history folder " + folder, e);
        }
    }

    private static Schema parse(Path file) {
        try {
            return new Schema.Parser().parse(file.toFile());
        } catch (AvroRuntimeException e) {
            throw new IllegalStateException("Schema history file " + file + " is not valid Avro: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read schema history file " + file, e);
        }
    }
}
