package io.kindred.ri.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kindred.ri.RiParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuiltinCatalogTest {

    @TempDir
    Path temp;

    @Test
    void loadsEveryIndexedFileInIndexOrder() throws IOException {
        List<String> index;
        try (InputStream in = getClass().getClassLoader()
                .getResourceAsStream(BuiltinCatalog.DIRECTORY + BuiltinCatalog.INDEX_FILE)) {
            index = Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
        assertThat(BuiltinCatalog.files().stream().map(CatalogFile::fileName).toList()).containsExactlyElementsOf(index);
    }

    @Test
    void groupsTheVersionsOfAKindIntoOneEntry() {
        List<CatalogEntry> entries = BuiltinCatalog.load();
        assertThat(entries).hasSize(BuiltinCatalog.files().size() - 1); // only MPIJob has two files
        CatalogEntry mpi = entries.stream().filter(e -> e.name().equals("MPIJob")).findFirst().orElseThrow();
        assertThat(mpi.group()).isEqualTo("kubeflow.org");
        assertThat(mpi.versions()).extracting(CatalogVersion::version).containsExactly("v2beta1", "v1");
        assertThat(mpi.version("v1")).get().extracting(v -> v.spec().rootComponent().kind().version()).isEqualTo("v1");
        assertThat(mpi.version("v1beta1")).isEmpty();
        assertThat(entries.stream().map(CatalogEntry::name).distinct().count()).isEqualTo(entries.size());
    }

    @Test
    void theCoreGroupIsEmpty() {
        CatalogEntry pod = BuiltinCatalog.load().stream().filter(e -> e.name().equals("Pod")).findFirst().orElseThrow();
        assertThat(pod.group()).isEmpty();
    }

    @Test
    void specJsonIsTheCanonicalFormOfTheSpec() {
        for (CatalogEntry entry : BuiltinCatalog.load()) {
            for (CatalogVersion version : entry.versions()) {
                assertThat(RiParser.parse(version.specJson())).as(entry.name() + " " + version.version())
                        .isEqualTo(version.spec());
                assertThat(version.specJson()).isEqualTo(RiParser.toJson(version.spec()));
            }
        }
    }

    @Test
    void theCatalogIsLoadedOnceAndIsImmutable() {
        List<CatalogEntry> first = BuiltinCatalog.load();
        assertThat(BuiltinCatalog.load()).isSameAs(first);
        assertThatThrownBy(() -> first.remove(0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> first.get(0).versions().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void metadataNamesAreUnique() {
        Set<String> names = new HashSet<>();
        for (CatalogFile file : BuiltinCatalog.files()) {
            assertThat(names.add(file.metadataName())).as("duplicate metadata.name " + file.metadataName()).isTrue();
        }
    }

    @Test
    void aMissingFileIsNamed() throws IOException {
        write("index.txt", "a.yaml\nghost.yaml\n");
        write("a.yaml", ri("A", "example.com", "v1", "Train", "low"));
        assertThatThrownBy(this::readTemp).isInstanceOf(CatalogException.class)
                .hasMessageContaining("ghost.yaml").hasMessageContaining("not found")
                .extracting(e -> ((CatalogException) e).getFileName()).isEqualTo("ghost.yaml");
    }

    @Test
    void aMissingIndexIsReported() {
        assertThatThrownBy(this::readTemp).isInstanceOf(CatalogException.class).hasMessageContaining("index.txt");
    }

    @Test
    void invalidYamlIsNamed() throws IOException {
        write("index.txt", "broken.yaml\n");
        write("broken.yaml", "apiVersion: optimization.nvidia.com/v1alpha1\nkind: ResourceInterface\nspec: [unclosed\n");
        assertThatThrownBy(this::readTemp).isInstanceOf(CatalogException.class)
                .hasMessageStartingWith("broken.yaml: not a valid Resource Interface");
    }

    @Test
    void aMissingAnnotationIsNamed() throws IOException {
        write("index.txt", "a.yaml\n");
        write("a.yaml", ri("A", "example.com", "v1", "Train", "low").replace("    kindred.io/category: Train\n", ""));
        assertThatThrownBy(this::readTemp).isInstanceOf(CatalogException.class)
                .hasMessageContaining("a.yaml").hasMessageContaining("kindred.io/category");
    }

    @Test
    void anUnknownCategoryOrPriorityIsRefused() throws IOException {
        write("index.txt", "a.yaml\n");
        write("a.yaml", ri("A", "example.com", "v1", "Serve", "low"));
        assertThatThrownBy(this::readTemp).isInstanceOf(CatalogException.class).hasMessageContaining("\"Serve\"");
        write("a.yaml", ri("A", "example.com", "v1", "Train", "urgent"));
        assertThatThrownBy(this::readTemp).isInstanceOf(CatalogException.class).hasMessageContaining("\"urgent\"");
    }

    @Test
    void aBareSpecIsRefused() throws IOException {
        write("index.txt", "a.yaml\n");
        String full = ri("A", "example.com", "v1", "Train", "low");
        write("a.yaml", full.substring(full.indexOf("spec:\n") + "spec:\n".length()).replaceAll("(?m)^  ", ""));
        assertThatThrownBy(this::readTemp).isInstanceOf(CatalogException.class).hasMessageContaining("full ResourceInterface");
    }

    @Test
    void validationProblemsAreListedWithTheirPath() throws IOException {
        write("index.txt", "a.yaml\n");
        write("a.yaml", ri("A", "example.com", "v1", "Train", "low") + """
                    childComponents:
                      - name: worker
                        ownerRef: nobody
                """);
        assertThatThrownBy(this::readTemp).isInstanceOf(CatalogException.class)
                .hasMessageContaining("a.yaml").hasMessageContaining("childComponents[0].ownerRef");
    }

    @Test
    void twoFilesForTheSameVersionAreRefused() throws IOException {
        write("index.txt", "a.yaml\nb.yaml\n");
        write("a.yaml", ri("A", "example.com", "v1", "Train", "low"));
        write("b.yaml", ri("A", "example.com", "v1", "Train", "low").replace("name: a-v1", "name: b-v1"));
        assertThatThrownBy(this::groupTemp).isInstanceOf(CatalogException.class)
                .hasMessageContaining("b.yaml").hasMessageContaining("version v1 of A");
    }

    @Test
    void versionsOfAKindMustShareTheirDefaults() throws IOException {
        write("index.txt", "a.yaml\nb.yaml\n");
        write("a.yaml", ri("A", "example.com", "v1", "Train", "low"));
        write("b.yaml", ri("A", "example.com", "v2", "Deploy", "very-high"));
        assertThatThrownBy(this::groupTemp).isInstanceOf(CatalogException.class).hasMessageContaining("b.yaml");
    }

    @Test
    void theSameKindInTwoGroupsIsRefused() throws IOException {
        write("index.txt", "a.yaml\nb.yaml\n");
        write("a.yaml", ri("Service", "serving.knative.dev", "v1", "Deploy", "very-high"));
        write("b.yaml", ri("Service", "example.com", "v1", "Deploy", "very-high").replace("name: a-v1", "name: b-v1"));
        assertThatThrownBy(this::groupTemp).isInstanceOf(CatalogException.class)
                .hasMessageContaining("b.yaml").hasMessageContaining("must be unique");
    }

    @Test
    void theIndexIsChecked() throws IOException {
        write("a.yaml", ri("A", "example.com", "v1", "Train", "low"));
        write("index.txt", "a.yaml\na.yaml\n");
        assertThatThrownBy(this::readTemp).isInstanceOf(CatalogException.class).hasMessageContaining("listed twice");
        write("index.txt", "../a.yaml\n");
        assertThatThrownBy(this::readTemp).isInstanceOf(CatalogException.class).hasMessageContaining("line 1");
        write("index.txt", "# nothing\n\n");
        assertThatThrownBy(this::readTemp).isInstanceOf(CatalogException.class).hasMessageContaining("no catalog file");
    }

    @Test
    void aValidTemporaryCatalogGroupsLikeTheRealOne() throws IOException {
        write("index.txt", "# comment\na.yaml\n\nb.yaml\n");
        write("a.yaml", ri("A", "example.com", "v2", "Train", "low"));
        write("b.yaml", ri("A", "example.com", "v1", "Train", "low").replace("name: a-v1", "name: b-v1"));
        List<CatalogEntry> entries = groupTemp();
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).versions()).extracting(CatalogVersion::version).containsExactly("v2", "v1");
    }

    private List<CatalogFile> readTemp() throws IOException {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {temp.toUri().toURL()}, null)) {
            return BuiltinCatalog.readFiles(loader, "cat/");
        }
    }

    private List<CatalogEntry> groupTemp() throws IOException {
        return BuiltinCatalog.group(readTemp());
    }

    private void write(String name, String content) throws IOException {
        Path dir = Files.createDirectories(temp.resolve("cat"));
        Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    /** A minimal valid RI file. */
    private static String ri(String kind, String group, String version, String category, String priority) {
        return """
                apiVersion: optimization.nvidia.com/v1alpha1
                kind: ResourceInterface
                metadata:
                  name: a-%3$s
                  annotations:
                    kindred.io/category: %4$s
                    kindred.io/priority: %5$s
                    kindred.io/sources: a test
                spec:
                  structureDefinition:
                    rootComponent:
                      name: root
                      kind:
                        group: "%2$s"
                        version: %3$s
                        kind: %1$s
                      specDefinition:
                        podTemplateSpecPath: .spec.template
                      statusDefinition:
                        phaseDefinition:
                          path: .status.phase
                        statusMappings:
                          running:
                            - byPhase: Running
                """.formatted(kind, group, version, category, priority);
    }
}
