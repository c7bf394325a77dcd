package io.kindred.events;

import java.nio.file.Path;

/** Source locations of this module, resolved from the directory Maven runs the tests in. */
public final class ModulePaths {

    /** Surefire sets {@code basedir}; an IDE usually runs tests in the module directory. */
    public static final Path MODULE_DIR = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
            .toAbsolutePath().normalize();

    /** Relative to the module, '/'-separated: also the form {@code git show HEAD:./…} takes. */
    public static final String AVRO_SOURCE_FOLDER = "src/main/avro";

    public static final Path README = MODULE_DIR.resolve("README.md");

    public static final Path HISTORY_ROOT = MODULE_DIR.resolve("src/test/resources/schema-history");

    private ModulePaths() {
    }

    public static String avroSource(String recordName) {
        return AVRO_SOURCE_FOLDER + "/" + recordName + ".avsc";
    }
}
