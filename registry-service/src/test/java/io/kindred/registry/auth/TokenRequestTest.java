package io.kindred.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kindred.registry.errors.ApiException;
import org.junit.jupiter.api.Test;

class TokenRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static TokenRequest read(String json) throws Exception {
        return TokenRequest.from(JSON.readTree(json));
    }

    @Test
    void readsEverySpellingOfTheCredentials() throws Exception {
        assertThat(read("{\"grantType\":\"app_token\",\"AppId\":\"a\",\"AppSecret\":\"s\"}"))
                .isEqualTo(new TokenRequest("app_token", "a", "s"));
        assertThat(read("{\"grantType\":\"app_token\",\"appID\":\"a\",\"appSecret\":\"s\"}"))
                .isEqualTo(new TokenRequest("app_token", "a", "s"));
        assertThat(read("{\"grantType\":\"client_credentials\",\"clientID\":\"a\",\"clientSecret\":\"s\"}"))
                .isEqualTo(new TokenRequest("client_credentials", "a", "s"));
        assertThat(read("{\"GRANTTYPE\":\"client_credentials\",\"clientid\":\"a\",\"ClientSecret\":\"s\"}"))
                .isEqualTo(new TokenRequest("client_credentials", "a", "s"));
    }

    @Test
    void neverPrintsTheSecret() throws Exception {
        assertThat(read("{\"grantType\":\"app_token\",\"AppId\":\"a\",\"AppSecret\":\"hunter2\"}").toString())
                .doesNotContain("hunter2");
    }

    @Test
    void rejectsWhatItCannotServe() {
        assertThatThrownBy(() -> read("{\"grantType\":\"refresh_token\",\"refreshToken\":\"r\"}"))
                .isInstanceOf(ApiException.class).hasMessageContaining("not supported");
        assertThatThrownBy(() -> read("{\"grantType\":\"client_credentials\",\"clientId\":\"a\",\"clientSecret\":\"\"}"))
                .isInstanceOf(ApiException.class).hasMessageContaining("clientSecret is required");
        assertThatThrownBy(() -> read("null")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> read("{\"grantType\":[\"app_token\"]}")).isInstanceOf(ApiException.class)
                .hasMessageContaining("wrong type");
    }
}
