package io.kindred.ri.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import io.kindred.ri.CompiledResourceInterface;
import io.kindred.ri.gang.PodResolution;
import io.kindred.ri.gang.RiPodGroupRequirement;
import io.kindred.ri.status.StatusResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every catalog fixture through its kind's compiled Resource Interface: the status (state and, when given, the
 * exact matched statuses), the object's pod groups (when given) and where each listed pod lands.
 */
class CatalogFixturesTest {

    @Test
    void everyFixtureFolderBelongsToACatalogFile() {
        Set<String> stems = new TreeSet<>();
        BuiltinCatalog.files().forEach(f -> stems.add(f.stem()));
        assertThat(CatalogFixture.files().keySet()).as("fixture folders without a catalog file of that name")
                .isSubsetOf(stems);
    }

    /** One container per catalog file, one test per fixture; a fixture that cannot be read fails only its test. */
    @TestFactory
    Stream<DynamicNode> fixtures() {
        Map<String, List<Path>> fixtures = CatalogFixture.files();
        return BuiltinCatalog.files().stream().map(file -> {
            CompiledResourceInterface ri = CompiledResourceInterface.compile(file.spec());
            List<DynamicNode> tests = new ArrayList<>();
            for (Path path : fixtures.getOrDefault(file.stem(), List.of())) {
                tests.add(dynamicTest(path.getFileName().toString(),
                        () -> check(ri, CatalogFixture.read(file.stem(), path))));
            }
            return dynamicContainer(file.fileName(), tests);
        });
    }

    private static void check(CompiledResourceInterface ri, CatalogFixture fixture) {
        String where = fixture.stem() + "/" + fixture.fileName();
        StatusResult status = ri.status(fixture.object());
        assertThat(status.errors()).as(where + ": status evaluation errors").isEmpty();
        assertThat(status.state()).as(where + ": state (matched " + status.matchedStatuses() + ")")
                .isEqualTo(fixture.state());
        if (fixture.matchedStatuses() != null) {
            assertThat(status.matchedStatuses()).as(where + ": matched statuses")
                    .containsExactlyElementsOf(fixture.matchedStatuses());
        }
        if (fixture.podGroups() != null) {
            List<CatalogFixture.ExpectedPodGroup> actual = ri.podGroups(fixture.object()).stream()
                    .map(CatalogFixturesTest::expected)
                    .toList();
            assertThat(actual).as(where + ": pod groups").containsExactlyElementsOf(fixture.podGroups());
        }
        for (CatalogFixture.PodCase pod : fixture.pods()) {
            checkPod(ri, fixture, pod);
        }
    }

    private static CatalogFixture.ExpectedPodGroup expected(RiPodGroupRequirement requirement) {
        return new CatalogFixture.ExpectedPodGroup(requirement.name(), requirement.minMember(),
                List.copyOf(requirement.members()));
    }

    private static void checkPod(CompiledResourceInterface ri, CatalogFixture fixture, CatalogFixture.PodCase pod) {
        String where = fixture.stem() + "/" + fixture.fileName() + " pod \"" + pod.description() + "\"";
        PodResolution resolution = ri.resolvePod(fixture.object(), pod.pod(), null);
        assertThat(resolution.errors()).as(where + ": resolution errors").isEmpty();
        if (resolution.podGroup() != null) {
            // the group a pod joins is one the object's pod groups list, with the same gang size: a per-instance
            // group is told apart by its instance id, which the pod's group keys carry
            List<RiPodGroupRequirement> listed = ri.podGroups(fixture.object()).stream()
                    .filter(r -> r.definition().equals(resolution.podGroup()))
                    .filter(r -> r.instanceId() == null || resolution.groupKeys().contains(r.instanceId()))
                    .toList();
            assertThat(listed).as(where + ": the listed pod groups the pod's group " + resolution.podGroup()
                    + " " + resolution.groupKeys() + " matches").hasSize(1);
            assertThat((long) listed.get(0).minMember()).as(where + ": the listed group's minMember")
                    .isEqualTo(resolution.minMember());
        }
        for (Map.Entry<String, JsonNode> check : pod.expect().entrySet()) {
            JsonNode want = check.getValue();
            switch (check.getKey()) {
                case "component" -> assertThat(resolution.component()).as(where + ": component").isEqualTo(text(want));
                // "" and null both mean "no instance"
                case "instanceId" -> assertThat(orEmpty(resolution.instanceId())).as(where + ": instanceId")
                        .isEqualTo(orEmpty(text(want)));
                case "replicaKey" -> assertThat(resolution.replicaKey()).as(where + ": replicaKey").isEqualTo(text(want));
                case "podGroup" -> assertThat(resolution.podGroup()).as(where + ": podGroup").isEqualTo(text(want));
                case "groupKeys" -> {
                    List<String> keys = new ArrayList<>();
                    want.forEach(k -> keys.add(k.asText()));
                    List<String> actual = resolution.groupKeys() == null ? List.of() : resolution.groupKeys();
                    assertThat(actual).as(where + ": groupKeys").containsExactlyElementsOf(keys);
                }
                case "minMember" -> assertThat(resolution.minMember()).as(where + ": minMember")
                        .isEqualTo(want.isNull() ? null : want.asLong());
                default -> throw new IllegalArgumentException(where + ": unknown expectation " + check.getKey());
            }
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
