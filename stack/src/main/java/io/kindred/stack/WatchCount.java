package io.kindred.stack;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** From status-mapper-service's readiness: how many kinds it watches, and which it does not (yet). */
record WatchCount(int total, int watching, List<String> notWatching) {

    static WatchCount of(Health health) {
        JsonNode data = health.check("kind watches").path("data");
        int total = 0;
        int watching = 0;
        List<String> notWatching = new ArrayList<>();
        var fields = data.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            if (field.getKey().equals("kindsNotInstalled")) {
                continue;
            }
            total++;
            String state = field.getValue().asText();
            if (state.startsWith("WATCHING")) {
                watching++;
            } else {
                notWatching.add(field.getKey() + " " + state.split(" ")[0]);
            }
        }
        return new WatchCount(total, watching, notWatching);
    }
}
