package io.kindred.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.jwt.auth.principal.ParseException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KindredJwtParserTest {

    private static String token(String claims) {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return encoder.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    @Test
    void readsTheIssuerToChooseTheVerification() throws Exception {
        assertThat(KindredJwtParser.unverifiedIssuer(token("{\"iss\":\"https://idp.example\",\"sub\":\"x\"}")))
                .isEqualTo("https://idp.example");
    }

    @Test
    void rejectsTokensWithoutAReadableIssuer() {
        assertThatThrownBy(() -> KindredJwtParser.unverifiedIssuer("abc")).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> KindredJwtParser.unverifiedIssuer("a.%%%.c")).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> KindredJwtParser.unverifiedIssuer(token("{\"sub\":\"x\"}"))).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> KindredJwtParser.unverifiedIssuer(token("{\"iss\":5}"))).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> KindredJwtParser.unverifiedIssuer(token("not json"))).isInstanceOf(ParseException.class);
    }

    @Test
    void anExternalIssuerNeedsAnAudience() {
        assertThatThrownBy(() -> KindredJwtParser.checkAudience(null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mp.jwt.verify.audiences");
        assertThatThrownBy(() -> KindredJwtParser.checkAudience(Set.of(" "))).isInstanceOf(IllegalStateException.class);
        KindredJwtParser.checkAudience(Set.of("kindred-registry"));
    }

    @Test
    void providerRolesMapOnlyAsConfigured() {
        ExternalRoles roles = ExternalRoles.parse(List.of("kindred-admins=admin", " /kindred/viewers = viewer", "ops=viewer", "ops=admin"));
        assertThat(roles.map(List.of("kindred-admins"))).containsExactlyInAnyOrder("admin", "viewer");
        assertThat(roles.map(List.of("/kindred/viewers", "offline_access"))).containsExactly("viewer");
        assertThat(roles.map(List.of("admin", "viewer"))).as("names alone grant nothing").isEmpty();
        assertThat(roles.map(List.of("ops"))).containsExactlyInAnyOrder("admin", "viewer");
    }

    @Test
    void theRoleMappingIsRequiredAndChecked() {
        assertThatThrownBy(() -> ExternalRoles.parse(List.of())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kindred.auth.external.role-mapping");
        assertThatThrownBy(() -> ExternalRoles.parse(List.of("admins=root"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unknown role 'root'");
        assertThatThrownBy(() -> ExternalRoles.parse(List.of("admins"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'admins'");
    }
}
