package io.kindred.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.elytron.security.common.BcryptUtil;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An unknown client id must cost as much as a wrong secret: the decoy hash has the configured hashes' bcrypt cost. */
class ClientRegistryDecoyTest {

    @Test
    void theDecoyCostsWhatTheConfiguredHashesCost() {
        String cost11 = BcryptUtil.bcryptHash("ci-secret", 11);
        assertThat(ClientRegistry.cost(cost11)).isEqualTo(11);
        assertThat(ClientRegistry.decoyHash(List.of(cost11))).startsWith("$2a$11$");
        assertThat(ClientRegistry.decoyHash(List.of(cost11, BcryptUtil.bcryptHash("x", 4)))).as("the dearest one")
                .startsWith("$2a$11$");
        assertThat(ClientRegistry.decoyHash(List.of())).as("bcrypt's usual cost when nothing is configured").startsWith("$2a$10$");
    }
}
