package io.kindred.ri.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kindred.ri.CompiledResourceInterface;
import io.kindred.ri.gang.ReportedScales;
import io.kindred.ri.gang.RiPodGroupRequirement;
import io.kindred.ri.structure.RiEvaluationException;
import io.kindred.ri.structure.WorkloadStructure;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Gangs recomputed from reported scales (what a status event carries) must be exactly the gangs computed from the
 * object, for every object of every catalog fixture: a consumer without the object must never size a gang
 * differently from the reader that had it.
 */
class ReportedScalesCatalogTest {

    @Test
    void podGroupsFromReportedScalesEqualPodGroupsFromTheObjectForEveryCatalogFixture() {
        Map<String, List<Path>> fixtures = CatalogFixture.files();
        int compared = 0;
        for (CatalogFile file : BuiltinCatalog.files()) {
            CompiledResourceInterface ri = CompiledResourceInterface.compile(file.spec());
            for (Path path : fixtures.getOrDefault(file.stem(), List.of())) {
                CatalogFixture fixture = CatalogFixture.read(file.stem(), path);
                String where = file.stem() + "/" + path.getFileName();
                WorkloadStructure structure = ri.structure(fixture.object());
                if (!structure.isComplete()) {
                    continue; // the status mapper publishes no gangs for an object whose structure cannot be read
                }
                ReportedScales reported = ReportedScales.of(structure);
                List<RiPodGroupRequirement> fromObject;
                try {
                    fromObject = ri.podGroups(fixture.object());
                } catch (RiEvaluationException e) {
                    assertThatThrownBy(() -> ri.podGroups(reported)).as(where).isInstanceOf(RiEvaluationException.class);
                    continue;
                }
                assertThat(ri.podGroups(reported)).as(where).isEqualTo(fromObject);
                for (RiPodGroupRequirement group : fromObject) {
                    for (String member : group.members()) {
                        assertThat(ri.subtreeScale(reported, member, null)).as(where + " " + member)
                                .isEqualTo(ri.subtreeScale(fixture.object(), member, null));
                    }
                }
                compared++;
            }
        }
        assertThat(compared).as("fixtures compared").isGreaterThan(200);
    }

    @Test
    void aComponentThatWasNotReportedHasNoInstances() {
        CatalogFile pytorch = BuiltinCatalog.files().stream().filter(f -> f.stem().equals("pytorchjob")).findFirst()
                .orElseThrow();
        CompiledResourceInterface ri = CompiledResourceInterface.compile(pytorch.spec());
        ReportedScales onlyMaster = ReportedScales.builder()
                .instance("master", "", new io.kindred.ri.structure.Scale(1, null, null))
                .build();
        assertThat(ri.podGroups(onlyMaster)).extracting(RiPodGroupRequirement::minMember).containsExactly(1);
    }
}
