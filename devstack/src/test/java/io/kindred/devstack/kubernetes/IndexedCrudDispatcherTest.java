package io.kindred.devstack.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * The indexed store answers exactly as fabric8's scanning one: the same script of requests (creates with the same
 * name in several namespaces and kinds, gets, lists across namespaces, label and field selectors, merge and JSON
 * patches that change labels, replace, status, a delete held by a finalizer, a collection delete) is sent to both, and
 * every answer must be the same, status code and body, apart from the generated UIDs and timestamps.
 */
class IndexedCrudDispatcherTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CMS = "/api/v1/namespaces/%s/configmaps";

    @Test
    void answersEveryRequestAsFabric8sScanningStoreDoes() throws Exception {
        List<String[]> script = script();
        KubernetesCrudDispatcher plain = new KubernetesCrudDispatcher();
        IndexedCrudDispatcher indexed = new IndexedCrudDispatcher();
        int notFound = 0;
        for (String[] step : script) {
            MockResponse expected = plain.dispatch(request(step));
            MockResponse actual = indexed.dispatch(request(step));
            String what = String.join(" ", step);
            assertThat(actual.code()).as(what).isEqualTo(expected.code());
            assertThat(normalized(body(actual))).as(what).isEqualTo(normalized(body(expected)));
            if (expected.code() == 404) {
                notFound++;
            }
        }
        // the script does reach the interesting answers
        assertThat(notFound).isGreaterThanOrEqualTo(4);
        assertThat(normalized(body(indexed.dispatch(request(new String[] {"GET", "/api/v1/configmaps"})))))
                .contains("\"only-b\"").doesNotContain("\"cm1\"");
    }

    @Test
    void aLabelChangeMovesTheObjectBetweenSelectors() throws Exception {
        IndexedCrudDispatcher indexed = new IndexedCrudDispatcher();
        indexed.dispatch(request(new String[] {"POST", CMS.formatted("a"), cm("c", "a", "app", "x")}));
        assertThat(body(indexed.dispatch(request(new String[] {"GET", "/api/v1/configmaps?labelSelector=app%3Dx"}))))
                .contains("\"c\"");
        indexed.dispatch(request(new String[] {"PATCH", CMS.formatted("a") + "/c",
                "[{\"op\":\"replace\",\"path\":\"/metadata/labels/app\",\"value\":\"y\"}]",
                "application/json-patch+json"}));
        assertThat(body(indexed.dispatch(request(new String[] {"GET", "/api/v1/configmaps?labelSelector=app%3Dx"}))))
                .doesNotContain("\"c\"");
        assertThat(body(indexed.dispatch(request(new String[] {"GET", "/api/v1/configmaps?labelSelector=app%3Dy"}))))
                .contains("\"c\"");
    }

    private static List<String[]> script() {
        List<String[]> steps = new ArrayList<>();
        steps.add(new String[] {"POST", CMS.formatted("a"), cm("cm1", "a", "app", "x")});
        steps.add(new String[] {"POST", CMS.formatted("b"), cm("cm1", "b", "app", "y")});
        steps.add(new String[] {"POST", CMS.formatted("a"), cm("cm2", "a", "app", "x")});
        steps.add(new String[] {"POST", CMS.formatted("b"), cm("only-b", "b", "tier", "z")});
        steps.add(new String[] {"POST", CMS.formatted("a"), cm("cm1", "a", "app", "again")}); // 409
        steps.add(new String[] {"POST", "/api/v1/namespaces/a/secrets",
                "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"cm1\",\"namespace\":\"a\"}}"});
        steps.add(new String[] {"POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", """
                {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
                 "metadata":{"name":"widgets.example.io"},
                 "spec":{"group":"example.io","scope":"Namespaced",
                   "names":{"plural":"widgets","singular":"widget","kind":"Widget"},
                   "versions":[{"name":"v1","served":true,"storage":true,"subresources":{"status":{}},
                     "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}
                """});
        steps.add(new String[] {"POST", "/apis/example.io/v1/namespaces/a/widgets",
                "{\"apiVersion\":\"example.io/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"cm1\"},\"spec\":{\"n\":1}}"});
        for (String path : List.of(CMS.formatted("a") + "/cm1", CMS.formatted("b") + "/cm1", CMS.formatted("c") + "/cm1",
                CMS.formatted("a"), CMS.formatted("b"), "/api/v1/configmaps", "/api/v1/configmaps?labelSelector=app%3Dx",
                CMS.formatted("a") + "?labelSelector=app%21%3Dx", "/api/v1/configmaps?labelSelector=tier",
                CMS.formatted("a") + "?fieldSelector=metadata.name%3Dcm2", "/api/v1/namespaces/a/secrets/cm1",
                "/api/v1/namespaces/b/secrets/cm1", "/apis/example.io/v1/namespaces/a/widgets/cm1",
                "/apis/example.io/v1/widgets", "/api/v1/namespaces/a/services")) {
            steps.add(new String[] {"GET", path});
        }
        steps.add(new String[] {"PATCH", CMS.formatted("a") + "/cm1", "{\"data\":{\"k\":\"v\"}}",
                "application/merge-patch+json"});
        steps.add(new String[] {"PATCH", CMS.formatted("a") + "/cm1",
                "[{\"op\":\"replace\",\"path\":\"/metadata/labels/app\",\"value\":\"y\"}]", "application/json-patch+json"});
        steps.add(new String[] {"PATCH", CMS.formatted("c") + "/cm1", "{\"data\":{}}", "application/merge-patch+json"});
        steps.add(new String[] {"GET", "/api/v1/configmaps?labelSelector=app%3Dy"});
        steps.add(new String[] {"PUT", CMS.formatted("a") + "/cm2", cm("cm2", "a", "app", "z")});
        steps.add(new String[] {"PUT", CMS.formatted("a") + "/nope", cm("nope", "a", "app", "z")});
        steps.add(new String[] {"PATCH", "/apis/example.io/v1/namespaces/a/widgets/cm1/status",
                "{\"status\":{\"phase\":\"Running\"}}", "application/merge-patch+json"});
        steps.add(new String[] {"GET", "/apis/example.io/v1/namespaces/a/widgets/cm1"});
        steps.add(new String[] {"POST", CMS.formatted("a"),
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"held\",\"finalizers\":[\"x/y\"]}}"});
        steps.add(new String[] {"DELETE", CMS.formatted("a") + "/held"});
        steps.add(new String[] {"GET", CMS.formatted("a") + "/held"});
        steps.add(new String[] {"PATCH", CMS.formatted("a") + "/held", "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]",
                "application/json-patch+json"});
        steps.add(new String[] {"GET", CMS.formatted("a") + "/held"});
        steps.add(new String[] {"DELETE", CMS.formatted("b") + "/cm1"});
        steps.add(new String[] {"DELETE", CMS.formatted("b") + "/cm1"});
        steps.add(new String[] {"GET", CMS.formatted("b") + "/cm1"});
        steps.add(new String[] {"DELETE", CMS.formatted("a")});
        steps.add(new String[] {"GET", "/api/v1/configmaps"});
        steps.add(new String[] {"GET", "/api/v1/namespaces/a/secrets/cm1"});
        return steps;
    }

    private static String cm(String name, String namespace, String label, String value) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\""
                + namespace + "\",\"labels\":{\"" + label + "\":\"" + value + "\"}},\"data\":{\"n\":\"" + name + "\"}}";
    }

    /** {method, path[, body[, content type]]}. */
    private static RecordedRequest request(String[] step) {
        Headers.Builder headers = Headers.builder();
        if (step.length > 3) {
            headers.add("Content-Type", step[3]);
        } else if (step.length > 2) {
            headers.add("Content-Type", "application/json");
        }
        byte[] body = step.length > 2 ? step[2].getBytes(StandardCharsets.UTF_8) : new byte[0];
        return new RecordedRequest("HTTP/1.1", HttpMethod.valueOf(step[0]), step[1], headers.build(), new Buffer(body));
    }

    private static String body(MockResponse response) {
        return response.getBody() == null ? "" : response.getBody().readUtf8();
    }

    /** The body without what differs between two stores by design: generated UIDs and wall-clock timestamps. */
    private static String normalized(String body) throws Exception {
        if (body.isEmpty() || !(body.startsWith("{") || body.startsWith("["))) {
            return body;
        }
        JsonNode tree = JSON.readTree(body);
        strip(tree);
        return tree.toString();
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(List.of("uid", "creationTimestamp", "deletionTimestamp", "lastTransitionTime"));
        }
        for (Iterator<JsonNode> it = node.elements(); it.hasNext();) {
            strip(it.next());
        }
    }
}
