package io.kindred.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Validates response bodies against the schemas of Run:ai's OpenAPI document (a copy under src/test/resources/runai),
 * with OpenAPI 3.0 semantics (nullable) and format assertions (uuid, date-time) on.
 */
final class RunaiSchemas {

    private static final String DOCUMENT = "classpath:runai/runai-workload-properties.openapi.json";
    /** Workloads v1 (list/get with phase) and projects: where a Workloads V2 submission is listed and reported. */
    private static final String WORKLOADS_V1 = "classpath:runai/runai-workloads-v1-projects.openapi.json";
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4,
            builder -> builder.metaSchema(OpenApi30.getInstance()).defaultMetaSchemaIri(OpenApi30.getInstance().getIri()));
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private static final ConcurrentMap<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private RunaiSchemas() {
    }

    /** A component schema, e.g. {@code WorkloadTypeConfig}. */
    static Set<ValidationMessage> component(String name, JsonNode body) {
        return schema(DOCUMENT + "#/components/schemas/" + name).validate(body);
    }

    /** The 200/201 response schema of an operation, e.g. ("/api/v1/workload-types", "get", "200"). */
    static Set<ValidationMessage> response(String path, String method, String status, JsonNode body) {
        return schema(DOCUMENT + pointer(path, method, status)).validate(body);
    }

    /** The same, from the Workloads v1 / projects document, e.g. ("/api/v1/workloads", "get", "200"). */
    static Set<ValidationMessage> v1Response(String path, String method, String status, JsonNode body) {
        return schema(WORKLOADS_V1 + pointer(path, method, status)).validate(body);
    }

    private static String pointer(String path, String method, String status) {
        return "#/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method + "/responses/" + status
                + "/content/application~1json/schema";
    }

    private static JsonSchema schema(String location) {
        return SCHEMAS.computeIfAbsent(location, p -> {
            JsonSchema schema = FACTORY.getSchema(SchemaLocation.of(p), CONFIG);
            schema.initializeValidators();
            return schema;
        });
    }
}
