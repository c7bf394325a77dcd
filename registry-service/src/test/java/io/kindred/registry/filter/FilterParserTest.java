package io.kindred.registry.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kindred.registry.errors.ApiException;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class FilterParserTest {

    record Item(String name, String group, int value) {
    }

    private static final FilterParser<Item> PARSER = new FilterParser<>(
            FilterField.text("name", Item::name), FilterField.text("group", Item::group), FilterField.number("value", Item::value));
    private static final List<Item> ITEMS = List.of(new Item("Deployment", "apps", 80), new Item("PyTorchJob", "kubeflow.org", 40),
            new Item("Pod", "", 150), new Item("JobSet", "jobset.x-k8s.io", 25));

    private static List<String> filter(String... parameters) {
        Predicate<Item> predicate = PARSER.parse(List.of(parameters));
        return ITEMS.stream().filter(predicate).map(Item::name).toList();
    }

    @Test
    void everyOperator() {
        assertThat(filter("name==Pod")).containsExactly("Pod");
        assertThat(filter("name!=Pod")).containsExactly("Deployment", "PyTorchJob", "JobSet");
        assertThat(filter("name<=JobSet")).containsExactly("Deployment", "JobSet");
        assertThat(filter("name>=Pod")).containsExactly("PyTorchJob", "Pod");
        assertThat(filter("name=@job")).containsExactly("PyTorchJob", "JobSet");
        assertThat(filter("name!@JOB")).containsExactly("Deployment", "Pod");
        assertThat(filter("name=^p")).containsExactly("PyTorchJob", "Pod");
        assertThat(filter("name=$set")).containsExactly("JobSet");
    }

    @Test
    void numbersCompareAsNumbers() {
        assertThat(filter("value>=80")).containsExactly("Deployment", "Pod");
        assertThat(filter("value<=40")).containsExactly("PyTorchJob", "JobSet");
        assertThat(filter("value==150")).containsExactly("Pod");
        assertThat(filter("value=@5")).containsExactly("Pod", "JobSet");
    }

    @Test
    void commaJoinedRepeatedAndMixedAreAnded() {
        assertThat(filter("name=@o,group=@k")).containsExactly("PyTorchJob", "JobSet");
        assertThat(filter("name=@o", "group=@k")).containsExactly("PyTorchJob", "JobSet");
        assertThat(filter("name=@o,value<=30", "group=@k")).containsExactly("JobSet");
        assertThat(PARSER.parse(null).test(ITEMS.get(0))).isTrue();
        assertThat(PARSER.parse(List.of()).test(ITEMS.get(0))).isTrue();
    }

    @Test
    void operatorCharactersInTheValueBelongToTheValue() {
        Predicate<Item> predicate = PARSER.parse(List.of("name===x"));
        assertThat(predicate.test(new Item("=x", "", 0))).isTrue();
    }

    @Test
    void malformedFiltersAreRejectedWithTheAcceptedSyntax() {
        for (String bad : List.of("name", "name=x", "name~=x", "colour==red", "name==", " ==x", "value>=high", "name==a,")) {
            assertThatThrownBy(() -> PARSER.parse(List.of(bad)))
                    .isInstanceOf(ApiException.class)
                    .hasMessageContaining("Invalid filterBy")
                    .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400));
        }
    }
}
