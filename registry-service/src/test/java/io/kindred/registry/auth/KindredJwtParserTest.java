package io.kindred.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.jwt.auth.principal.ParseException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
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
}
