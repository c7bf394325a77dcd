package io.kindred.registry.workloadtypes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.kindred.registry.errors.Problem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceInterfaceChecksTest {

    @Test
    void tooManyVersionsIsOneProblemWithoutCheckingEachEntry() {
        List<JsonNode> entries = Collections.nCopies(5_000, JsonNodeFactory.instance.textNode("not an RI"));
        List<Problem> problems = new ArrayList<>();

        List<CheckedInterface> checked = ResourceInterfaceChecks.check(entries, "PyTorchJob", "kubeflow.org", problems);

        assertThat(checked).isEmpty();
        assertThat(problems).containsExactly(new Problem("resourceInterfaces",
                "at most 4 Resource Interfaces (CRD versions) per workload type, found 5000"));
    }

    @Test
    void withinTheLimitEveryEntryIsChecked() {
        List<JsonNode> entries = Collections.nCopies(2, JsonNodeFactory.instance.textNode("not an RI"));
        List<Problem> problems = new ArrayList<>();

        ResourceInterfaceChecks.check(entries, "PyTorchJob", "kubeflow.org", problems);

        assertThat(problems).extracting(Problem::path).containsExactly("resourceInterfaces[0]", "resourceInterfaces[1]");
    }
}
