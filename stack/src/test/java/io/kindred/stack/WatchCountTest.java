package io.kindred.stack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class WatchCountTest {

    @Test
    void countsTheMappersWatchesFromItsReadiness() throws Exception {
        Health health = new Health(true, "UP", new ObjectMapper().readTree("""
                {"status": "UP", "checks": [{"name": "kind watches", "status": "UP", "data": {
                  "apps/v1/Deployment": "WATCHING (type Deployment revision 1, 0 objects, watch connected, mapped)",
                  "kubeflow.org/v1/PyTorchJob": "KIND_NOT_INSTALLED (type PyTorchJob revision 1, 3 looks)",
                  "kindsNotInstalled": 1}}]}"""), null);
        WatchCount count = WatchCount.of(health);
        assertThat(count.total()).isEqualTo(2);
        assertThat(count.watching()).isEqualTo(1);
        assertThat(count.notWatching()).containsExactly("kubeflow.org/v1/PyTorchJob KIND_NOT_INSTALLED");
    }

    @Test
    void plainOutputHasNoEscapeCodes() {
        assertThat(new Console(System.out, false).paint(Console.Colour.RED, "x")).isEqualTo("x");
        assertThat(new Console(System.out, true).paint(Console.Colour.RED, "x")).isEqualTo("\u001b[31mx\u001b[0m");
    }
}
