package io.kindred.registry;

import static io.kindred.registry.TestApi.asViewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import io.kindred.registry.catalog.StableIds;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class WorkloadPropertiesApiTest {

    @Test
    void categoriesAreBuildTrainDeployWithStableIds() {
        asViewer().get("/api/v1/workload-categories").then().statusCode(200)
                .body("categories.name", equalTo(List.of("Build", "Deploy", "Train")))
                .body("categories.find { it.name == 'Train' }.id", is(StableIds.category("Train").toString()))
                .body("categories.find { it.name == 'Build' }.id", is("bbca3fc4-6a32-5f4d-ad7a-d14a85c4aecf"));
    }

    @Test
    void categoryById() {
        String id = StableIds.category("Deploy").toString();
        asViewer().get("/api/v1/workload-categories/" + id).then().statusCode(200)
                .body("id", is(id)).body("name", is("Deploy")).body("createdAt", containsString("T"));
        asViewer().get("/api/v1/workload-categories/" + StableIds.priority("low")).then().statusCode(404).body("code", is(404));
        asViewer().get("/api/v1/workload-categories/Deploy").then().statusCode(400).body("message", containsString("categoryId"));
    }

    @Test
    void prioritiesAreRunaisDictionarySortedByValueByDefault() {
        asViewer().get("/api/v1/workload-priorities").then().statusCode(200)
                .body("priorities.name", equalTo(List.of("very-low", "low", "medium-low", "medium", "medium-high", "high", "very-high")))
                .body("priorities.value", equalTo(List.of(25, 40, 65, 80, 90, 125, 150)))
                .body("priorities.find { it.name == 'high' }.id", is(StableIds.priority("high").toString()))
                .body("priorities[0].source", is("Run:ai"));
    }

    @Test
    void prioritiesSortAndFilter() {
        List<String> byNameDesc = asViewer().queryParam("sortBy", "name").queryParam("sortOrder", "desc")
                .get("/api/v1/workload-priorities").then().statusCode(200).extract().path("priorities.name");
        assertThat(byNameDesc).isSortedAccordingTo((a, b) -> b.compareTo(a)).hasSize(7);
        List<Integer> byValueDesc = asViewer().queryParam("sortBy", "value").queryParam("sortOrder", "desc")
                .get("/api/v1/workload-priorities").then().extract().path("priorities.value");
        assertThat(byValueDesc).containsExactly(150, 125, 90, 80, 65, 40, 25);
        asViewer().queryParam("sortBy", "source").get("/api/v1/workload-priorities").then().statusCode(200);

        asViewer().queryParam("filterBy", "value>=100").get("/api/v1/workload-priorities").then().statusCode(200)
                .body("priorities.name", equalTo(List.of("high", "very-high")));
        asViewer().queryParam("filterBy", "name=@medium,value<=80").get("/api/v1/workload-priorities").then()
                .body("priorities.name", equalTo(List.of("medium-low", "medium")));
        asViewer().queryParam("filterBy", "source==Run:ai").get("/api/v1/workload-priorities").then()
                .body("priorities.size()", is(7));
        asViewer().queryParam("filterBy", "value!=25").get("/api/v1/workload-priorities").then()
                .body("priorities.size()", is(6));
    }

    @Test
    void badPriorityQueriesAre400() {
        asViewer().queryParam("sortBy", "color").get("/api/v1/workload-priorities").then().statusCode(400)
                .body("message", containsString("sortBy"));
        asViewer().queryParam("sortOrder", "up").get("/api/v1/workload-priorities").then().statusCode(400)
                .body("message", containsString("sortOrder"));
        asViewer().queryParam("filterBy", "value>=high").get("/api/v1/workload-priorities").then().statusCode(400)
                .body("message", containsString("not an integer"));
        asViewer().queryParam("filterBy", "group==apps").get("/api/v1/workload-priorities").then().statusCode(400);
    }
}
