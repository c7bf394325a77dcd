package io.kindred.ri.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/workload-types.md shows the catalog as it is: its generated table and sources must match what the catalog
 * files and fixtures say. Run with {@code -Dkindred.updateDocs=true} to rewrite them instead of checking.
 */
class WorkloadTypesDocTest {

    static final String UPDATE_PROPERTY = "kindred.updateDocs";

    @Test
    void theWorkloadTypesPageMatchesTheCatalog() throws IOException {
        Path page = page();
        String current = Files.readString(page, StandardCharsets.UTF_8);
        var files = BuiltinCatalog.files();
        String expected = WorkloadTypesDoc.render(current, WorkloadTypesDoc.table(files, CatalogFixture.all()),
                WorkloadTypesDoc.sources(files));
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            if (!expected.equals(current)) {
                Files.writeString(page, expected, StandardCharsets.UTF_8);
            }
            return;
        }
        assertThat(current).as(page + " is out of date with the catalog; regenerate it with "
                        + "./mvnw -pl ri-core test -Dtest=WorkloadTypesDocTest -D" + UPDATE_PROPERTY + "=true")
                .isEqualTo(expected);
    }

    /** docs/workload-types.md of the repository, found from the module directory the tests run in. */
    private static Path page() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path candidate = d.resolve("docs").resolve("workload-types.md");
            if (Files.isRegularFile(candidate) && Files.isDirectory(d.resolve("ri-core"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("docs/workload-types.md not found above " + dir);
    }
}
