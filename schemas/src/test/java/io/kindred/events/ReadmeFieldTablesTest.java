package io.kindred.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.avro.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The field tables in schemas/README.md list exactly the fields of each record, in schema order. */
class ReadmeFieldTablesTest {

    private static final Pattern TABLE_ROW = Pattern.compile("^\\| `([A-Za-z0-9_]+)` \\|");

    static Iterable<String> events() {
        return EventSchemas.EVENT_NAMES;
    }

    @ParameterizedTest
    @MethodSource("events")
    void readmeTablesMatchTheSchema(String eventName) throws IOException {
        List<String> readme = Files.readAllLines(ModulePaths.README);

        for (Map.Entry<String, List<String>> record : recordFields(EventSchemas.load(eventName)).entrySet()) {
            assertThat(tableAfterHeading(readme, "**" + record.getKey() + "**"))
                    .as("field table of %s in %s", record.getKey(), ModulePaths.README)
                    .containsExactlyElementsOf(record.getValue());
        }
    }

    /** Field names of the table that follows the first line starting with {@code heading}. */
    private static List<String> tableAfterHeading(List<String> lines, String heading) {
        List<String> fields = new ArrayList<>();
        int line = 0;
        while (line < lines.size() && !lines.get(line).startsWith(heading)) {
            line++;
        }
        for (line++; line < lines.size() && !lines.get(line).startsWith("**"); line++) {
            Matcher row = TABLE_ROW.matcher(lines.get(line));
            if (row.find()) {
                fields.add(row.group(1));
            }
        }
        return fields;
    }

    private static Map<String, List<String>> recordFields(Schema root) {
        Map<String, List<String>> records = new LinkedHashMap<>();
        collect(root, records);
        return records;
    }

    private static void collect(Schema schema, Map<String, List<String>> records) {
        switch (schema.getType()) {
            case RECORD -> {
                if (records.containsKey(schema.getName())) {
                    return;
                }
                records.put(schema.getName(), schema.getFields().stream().map(Schema.Field::name).toList());
                schema.getFields().forEach(field -> collect(field.schema(), records));
            }
            case ARRAY -> collect(schema.getElementType(), records);
            case UNION -> schema.getTypes().forEach(branch -> collect(branch, records));
            default -> {
                // enums and primitives have no field table
            }
        }
    }
}
