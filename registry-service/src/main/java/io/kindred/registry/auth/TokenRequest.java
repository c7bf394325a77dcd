package io.kindred.registry.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.kindred.registry.errors.ApiException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Run:ai's TokenRequest, read the way Run:ai clients actually write it: field names are matched without regard to
 * case, because the spec says {@code clientID}/{@code appID}, the docs {@code clientId}, and the Python SDK sends
 * {@code AppId}/{@code AppSecret}. Only the application-credential grants are served: {@code app_token}
 * (AppId + AppSecret) and {@code client_credentials} (clientId + clientSecret).
 */
public record TokenRequest(String grantType, String clientId, String clientSecret) {

    static final String APP_TOKEN = "app_token";
    static final String CLIENT_CREDENTIALS = "client_credentials";

    /** Every field of Run:ai's TokenRequest, lower-cased; anything else is a client mistake worth a 400. */
    private static final Set<String> KNOWN_FIELDS = Set.of("granttype", "appid", "appsecret", "clientid", "clientsecret",
            "code", "redirecturi", "refreshtoken", "username", "password", "externaltoken");
    private static final Set<String> OTHER_GRANTS = Set.of("refresh_token", "exchange_token", "password",
            "external_token_exchange");

    public static TokenRequest from(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw ApiException.badRequest("A JSON body is required: {\"grantType\":\"client_credentials\",\"clientId\":…,\"clientSecret\":…}");
        }
        if (!body.isObject()) {
            throw ApiException.badRequest("The request body must be a JSON object");
        }
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        Map<String, String> spelled = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            String key = field.getKey().toLowerCase(Locale.ROOT);
            if (!KNOWN_FIELDS.contains(key)) {
                throw new ApiException(400, "Unknown field '" + field.getKey() + "'",
                        "The token request accepts grantType, clientId/clientSecret and AppId/AppSecret");
            }
            if (fields.containsKey(key)) {
                throw ApiException.badRequest("Field '" + field.getKey() + "' is given twice (as '" + spelled.get(key) + "' too)");
            }
            if (!field.getValue().isTextual() && !field.getValue().isNull()) {
                throw new ApiException(400, "Field '" + field.getKey() + "' has a value of the wrong type",
                        field.getKey() + ": expected a string");
            }
            fields.put(key, field.getValue());
            spelled.put(key, field.getKey());
        }
        String grantType = text(fields, "granttype");
        if (grantType == null) {
            throw ApiException.badRequest("grantType is required (app_token or client_credentials)");
        }
        String id;
        String secret;
        if (grantType.equals(APP_TOKEN)) {
            id = firstText(fields, "appid", "clientid");
            secret = firstText(fields, "appsecret", "clientsecret");
            require(id, "AppId");
            require(secret, "AppSecret");
        } else if (grantType.equals(CLIENT_CREDENTIALS)) {
            id = firstText(fields, "clientid", "appid");
            secret = firstText(fields, "clientsecret", "appsecret");
            require(id, "clientId");
            require(secret, "clientSecret");
        } else if (OTHER_GRANTS.contains(grantType)) {
            throw ApiException.badRequest("grantType '" + grantType + "' is not supported by Kindred: use client_credentials or app_token");
        } else {
            throw ApiException.badRequest("Invalid grantType '" + grantType + "': expected one of app_token, client_credentials, "
                    + "refresh_token, exchange_token, password, external_token_exchange");
        }
        return new TokenRequest(grantType, id, secret);
    }

    private static void require(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw ApiException.badRequest(field + " is required");
        }
    }

    private static String firstText(Map<String, JsonNode> fields, String... keys) {
        for (String key : keys) {
            String value = text(fields, key);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String text(Map<String, JsonNode> fields, String key) {
        JsonNode value = fields.get(key);
        return value == null || value.isNull() ? null : value.asText();
    }

    @Override
    public String toString() {
        return "TokenRequest[grantType=" + grantType + ", clientId=" + clientId + ", clientSecret=***]";
    }
}
