package io.kindred.registry.workloads;

import static io.kindred.registry.workloads.WorkloadsV2ApiTest.V1;
import static io.kindred.registry.workloads.WorkloadsV2ApiTest.V2;
import static io.kindred.registry.workloads.WorkloadsV2ApiTest.asResearcher;
import static io.kindred.registry.workloads.WorkloadsV2ApiTest.createBody;
import static io.kindred.registry.workloads.WorkloadsV2ApiTest.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kindred.registry.TestApi;
import io.kindred.registry.filter.FilterField;
import io.kindred.registry.filter.FilterParser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/workloads} filters, sorts and pages in its database query ({@link WorkloadQuery}) with the
 * semantics the registry's in-memory lists have ({@link FilterParser} over the items): every operator on text and
 * number fields, mixed case, missing values, both sort orders, paging.
 */
@QuarkusTest
class WorkloadListingTest {

    private static final String SCOPE = "name=^lst-";
    private static boolean created;

    /** The in-memory semantics, over the v1 items as JSON. */
    private static final FilterParser<JsonNode> REFERENCE = new FilterParser<>(
            FilterField.text("type", w -> text(w, "type")),
            FilterField.text("name", w -> text(w, "name")),
            FilterField.text("projectName", w -> text(w, "projectName")),
            FilterField.text("projectId", w -> text(w, "projectId")),
            FilterField.text("submittedBy", w -> text(w, "submittedBy")),
            FilterField.text("phase", w -> text(w, "phase")),
            FilterField.text("category", w -> text(w, "category")),
            FilterField.text("priorityClassName", w -> text(w, "priorityClassName")),
            FilterField.number("priority", w -> w.path("priority").asLong()));

    @BeforeEach
    void workloads() {
        WorkloadsV2ApiTest.ensureType();
        if (created) {
            return;
        }
        create("lst-alpha", "1", "high", "Build", false);
        create("lst-beta", "2", "low", null, false);
        create("lst-gamma.b", "1", "very-high", "Train", false);
        create("lst-delta", "2", null, null, false);
        create("lst-epsilon", "1", "very-low", "Build", false);
        create("lst-zeta-gone", "1", "high", null, true);
        created = true;
    }

    private static void create(String name, String project, String priority, String category, boolean delete) {
        ObjectNode body = createBody(project, manifest(WorkloadsV2ApiTest.kind(), name, 1));
        ObjectNode metadata = (ObjectNode) body.get("metadata");
        if (priority != null) {
            metadata.put("priority", priority);
        }
        if (category != null) {
            metadata.put("category", category);
        }
        RequestAs request = name.hashCode() % 2 == 0 ? RequestAs.RESEARCHER : RequestAs.ADMIN;
        Response response = request.spec().body(body.toString()).post(V2);
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(202);
        if (delete) {
            assertThat(asResearcher().delete(V2 + "/" + response.path("metadata.id")).statusCode()).isEqualTo(202);
        }
    }

    private enum RequestAs {
        RESEARCHER, ADMIN;

        io.restassured.specification.RequestSpecification spec() {
            return this == RESEARCHER ? asResearcher() : TestApi.asAdmin();
        }
    }

    @Test
    void everyOperatorFiltersAsTheInMemoryListsDo() {
        List<JsonNode> all = list(SCOPE, null, null, "500", "0", null);
        assertThat(all).hasSize(5);
        List<String> terms = List.of("name==lst-beta", "name!=lst-beta", "name<=lst-c", "name>=lst-d", "name=@ALP",
                "name!@a", "name=^LST-G", "name=$.B", "phase==Creating", "phase!=Creating", "category==Build",
                "category=@ui", "priorityClassName==high", "priorityClassName=^very", "priority==60",
                "priority>=50", "priority<=40", "priority!=50", "priority=@5", "priority!@0", "projectName==team-nlp",
                "projectId==1", "submittedBy=@admin", "type=@TrainJob", "category!=Build");
        for (String term : terms) {
            Predicate<JsonNode> reference = REFERENCE.parse(List.of(term));
            List<String> expected = all.stream().filter(reference).map(w -> w.path("id").asText()).toList();
            List<String> got = list(SCOPE, term, null, "500", "0", null).stream().map(w -> w.path("id").asText())
                    .toList();
            assertThat(got).as("filterBy=%s", term).containsExactlyInAnyOrderElementsOf(expected);
        }
        // several terms together, and the comma-joined form of Run:ai's SDK
        assertThat(list(SCOPE + ",priorityClassName=^very,category==Train", null, null, "500", "0", null))
                .extracting(w -> w.path("name").asText()).containsExactly("lst-gamma.b");
    }

    @Test
    void sortingAndPagingAreTheInMemoryOrder() {
        List<JsonNode> all = list(SCOPE, null, null, "500", "0", null);
        for (String field : List.of("name", "priority", "category", "priorityClassName", "projectName", "submittedBy",
                "createdAt", "phase", "completedAt")) {
            for (boolean descending : List.of(false, true)) {
                Comparator<JsonNode> order = Comparator.comparing((JsonNode w) -> sortKey(w, field),
                        Comparator.nullsFirst(Comparator.<Comparable<Object>>naturalOrder()))
                        .thenComparing(w -> w.path("id").asText());
                List<JsonNode> sorted = new ArrayList<>(all);
                sorted.sort(descending ? order.reversed() : order);
                List<String> expected = sorted.stream().map(w -> w.path("id").asText()).toList();
                List<String> got = new ArrayList<>();
                Integer next = 0;
                while (next != null) { // pages of two
                    Response page = asResearcher().queryParam("filterBy", SCOPE).queryParam("sortBy", field)
                            .queryParam("sortOrder", descending ? "desc" : "asc").queryParam("limit", "2")
                            .queryParam("offset", next).get(V1);
                    assertThat(page.statusCode()).as(page.asString()).isEqualTo(200);
                    got.addAll(page.<List<String>>path("workloads.id"));
                    next = page.path("next");
                }
                assertThat(got).as("sortBy=%s %s", field, descending ? "desc" : "asc").isEqualTo(expected);
            }
        }
    }

    @Test
    void deletedSearchAndBadParameters() {
        assertThat(list(SCOPE, null, null, "500", "0", "true")).extracting(w -> w.path("name").asText())
                .containsExactly("lst-zeta-gone");
        assertThat(list(SCOPE, null, "GAMMA", "500", "0", null)).extracting(w -> w.path("name").asText())
                .containsExactly("lst-gamma.b");
        assertThat(asResearcher().queryParam("filterBy", "priority==high").get(V1).statusCode()).isEqualTo(400);
        assertThat(asResearcher().queryParam("filterBy", "nodepool==a").get(V1).<String>path("message"))
                .contains("Invalid filterBy 'nodepool==a'");
        assertThat(asResearcher().queryParam("sortBy", "runningPods").get(V1).statusCode()).isEqualTo(400);
        assertThat(asResearcher().queryParam("offset", "-1").get(V1).statusCode()).isEqualTo(400);
        assertThat(asResearcher().queryParam("limit", "501").get(V1).statusCode()).isEqualTo(400);
        // a value with SQL in it is only a value
        assertThat(list(SCOPE, "name==x' or '1'='1", null, "500", "0", null)).isEmpty();
        assertThat(list(SCOPE, "name=@%", null, "500", "0", null)).isEmpty();
        assertThat(list(SCOPE, "name=@_", null, "500", "0", null)).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static Comparable<Object> sortKey(JsonNode workload, String field) {
        JsonNode value = workload.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        Comparable<?> key = value.isNumber() ? (Comparable<?>) Long.valueOf(value.asLong())
                : field.endsWith("At") ? java.time.Instant.parse(value.asText()) : value.asText();
        return (Comparable<Object>) key;
    }

    private static String text(JsonNode workload, String field) {
        JsonNode value = workload.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    private static List<JsonNode> list(String scope, String filter, String search, String limit, String offset,
            String deleted) {
        var request = asResearcher().queryParam("filterBy", scope).queryParam("limit", limit).queryParam("offset", offset);
        if (filter != null) {
            request.queryParam("filterBy", filter);
        }
        if (search != null) {
            request.queryParam("search", search);
        }
        if (deleted != null) {
            request.queryParam("deleted", deleted);
        }
        Response response = request.get(V1);
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        TestApi.JSON.valueToTree(response.<List<Object>>path("workloads")).forEach(items::add);
        return items;
    }
}
