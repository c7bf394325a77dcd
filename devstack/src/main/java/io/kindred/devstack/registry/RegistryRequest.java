package io.kindred.devstack.registry;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One HTTP request to the stand-in, as the router and the endpoints read it (path and query still raw). */
record RegistryRequest(String method, String rawPath, String rawQuery, String contentType, byte[] body) {

    Map<String, String> query() {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = QueryParameters.decodeQuery(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : QueryParameters.decodeQuery(pair.substring(equals + 1));
            parameters.putIfAbsent(key, value);
        }
        return parameters;
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
