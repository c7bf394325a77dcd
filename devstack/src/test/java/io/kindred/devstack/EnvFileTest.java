package io.kindred.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class EnvFileTest {

    @Test
    void leavesSafeValuesBareAndQuotesTheRest() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
        variables.put("APICURIO_REGISTRY_URL", "http://localhost:8085/apis/registry/v3");
        variables.put("KUBECONFIG", "/home/dev/my project/kubeconfig.yaml");
        variables.put("SECRET", "it's");
        variables.put("EMPTY", "");

        assertThat(EnvFile.render(variables)).isEqualTo("""
                KAFKA_BOOTSTRAP_SERVERS=localhost:9092
                APICURIO_REGISTRY_URL=http://localhost:8085/apis/registry/v3
                KUBECONFIG='/home/dev/my project/kubeconfig.yaml'
                SECRET='it'\\''s'
                EMPTY=
                """);
    }

    @Test
    void refusesNamesAShellCannotExport() {
        assertThatThrownBy(() -> EnvFile.render(Map.of("not-a-name", "x"))).hasMessageContaining("not-a-name");
    }
}
