package io.kindred.registry.workloads;

import io.kindred.registry.errors.ApiException;
import io.kindred.registry.filter.FilterExpression;
import io.kindred.registry.filter.FilterField;
import io.kindred.registry.filter.FilterParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One page of {@code GET /api/v1/workloads} as a single SQL query: Run:ai's {@code filterBy} (every term must hold),
 * {@code search}, {@code deleted}, {@code sortBy}/{@code sortOrder} and {@code offset}/{@code limit}, all run by the
 * database. The semantics are those of the registry's other lists: equality and {@code <=}/{@code >=} compare exactly
 * (text by code point, the {@code "C"} collation), contains/starts/ends ignore case, a missing value is the empty
 * text, numbers compare as numbers (their text operators work on the decimal form); sorting puts missing values
 * first (last when descending) and breaks ties by id. One more row than the page is read to tell whether a next page
 * exists.
 */
public final class WorkloadQuery {

    /** A v1 field as SQL over the {@code workload} table. */
    private record Column(String sql, boolean numeric) {
    }

    private static final Map<String, Column> FILTERABLE = new LinkedHashMap<>();
    private static final Map<String, String> SORTABLE = new LinkedHashMap<>();

    static {
        text("type", "kind");
        text("name", "name");
        text("clusterId", "cluster_id");
        text("projectId", "project_id");
        text("projectName", "project_name");
        text("departmentId", "department_id");
        text("departmentName", "department_name");
        text("submittedBy", "created_by");
        text("phase", "phase");
        text("category", "effective_category");
        text("priorityClassName", "effective_priority");
        FILTERABLE.put("priority", new Column("effective_priority_value", true));
        SORTABLE.put("priority", "effective_priority_value");
        SORTABLE.put("createdAt", "created_at");
        SORTABLE.put("deletedAt", "deleted_at");
        SORTABLE.put("completedAt", "completed_at");
        SORTABLE.put("phaseUpdatedAt", "coalesce(phase_updated_at, updated_at)");
    }

    private static void text(String name, String column) {
        FILTERABLE.put(name, new Column(column, false));
        SORTABLE.put(name, column + " collate \"C\"");
    }

    /** Parses and checks filterBy (400 naming a bad term); items are never tested in memory. */
    static final FilterParser<Object> FILTERS = new FilterParser<>(FILTERABLE.entrySet().stream()
            .map(entry -> entry.getValue().numeric()
                    ? FilterField.<Object>number(entry.getKey(), item -> {
                        throw new UnsupportedOperationException("workloads are filtered by the database");
                    })
                    : FilterField.<Object>text(entry.getKey(), item -> {
                        throw new UnsupportedOperationException("workloads are filtered by the database");
                    }))
            .toArray(FilterField[]::new));

    private final String sql;
    private final List<Object> parameters;
    private final int offset;
    private final int limit;

    private WorkloadQuery(String sql, List<Object> parameters, int offset, int limit) {
        this.sql = sql;
        this.parameters = parameters;
        this.offset = offset;
        this.limit = limit;
    }

    /**
     * @param offset rows skipped (checked by the caller: 0 or more)
     * @param limit rows of the page (checked by the caller: 1…500)
     * @throws ApiException 400 for a bad filterBy or sortBy
     */
    public static WorkloadQuery of(boolean onlyDeleted, List<String> filterBy, String search, String sortBy,
            boolean descending, int offset, int limit) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder where = new StringBuilder(onlyDeleted ? "desired_phase = 'Deleted'" : "desired_phase <> 'Deleted'");
        for (FilterExpression<Object> expression : FILTERS.expressions(filterBy)) {
            where.append(" and ").append(condition(expression, parameters));
        }
        if (search != null && !search.isBlank()) {
            where.append(" and strpos(lower(name), ?) > 0");
            parameters.add(search.toLowerCase(Locale.ROOT));
        }
        String field = sortBy == null || sortBy.isEmpty() ? "createdAt" : sortBy;
        String order = SORTABLE.get(field);
        if (order == null) {
            throw ApiException.badRequest("Invalid sortBy '" + sortBy + "': Kindred sorts workloads by "
                    + String.join(", ", SORTABLE.keySet().stream().sorted().toList()));
        }
        String direction = descending ? " desc nulls last" : " asc nulls first";
        String sql = "select * from workload where " + where + " order by " + order + direction + ", id"
                + (descending ? " desc" : " asc") + " limit " + (limit + 1) + " offset " + offset;
        return new WorkloadQuery(sql, parameters, offset, limit);
    }

    private static String condition(FilterExpression<Object> expression, List<Object> parameters) {
        Column column = FILTERABLE.get(expression.field().name());
        if (column.numeric()) {
            String comparison = switch (expression.operator()) {
                case EQUALS -> " = ?";
                case NOT_EQUALS -> " <> ?";
                case LESS_OR_EQUAL -> " <= ?";
                case GREATER_OR_EQUAL -> " >= ?";
                default -> null;
            };
            if (comparison != null) {
                parameters.add(expression.numericValue());
                return column.sql() + comparison;
            }
            // text operators on a number work on its decimal form ("priority=@5" matches 25 and 150)
            return textCondition("cast(" + column.sql() + " as text)", expression.operator(),
                    Long.toString(expression.numericValue()), parameters);
        }
        return textCondition("coalesce(" + column.sql() + ", '')", expression.operator(), expression.value(), parameters);
    }

    private static String textCondition(String value, io.kindred.registry.filter.FilterOperator operator, String expected,
            List<Object> parameters) {
        String lower = "lower(" + value + ")";
        switch (operator) {
            case EQUALS:
                parameters.add(expected);
                return value + " = ?";
            case NOT_EQUALS:
                parameters.add(expected);
                return value + " <> ?";
            case LESS_OR_EQUAL:
                parameters.add(expected);
                return value + " collate \"C\" <= ?";
            case GREATER_OR_EQUAL:
                parameters.add(expected);
                return value + " collate \"C\" >= ?";
            case CONTAINS:
                parameters.add(expected.toLowerCase(Locale.ROOT));
                return "strpos(" + lower + ", ?) > 0";
            case NOT_CONTAINS:
                parameters.add(expected.toLowerCase(Locale.ROOT));
                return "strpos(" + lower + ", ?) = 0";
            case STARTS_WITH:
                parameters.add(expected.toLowerCase(Locale.ROOT));
                return "starts_with(" + lower + ", ?)";
            case ENDS_WITH:
                String suffix = expected.toLowerCase(Locale.ROOT);
                parameters.add(suffix);
                return "right(" + lower + ", " + suffix.codePointCount(0, suffix.length()) + ") = ?";
            default:
                throw new IllegalStateException("unknown operator " + operator);
        }
    }

    String sql() {
        return sql;
    }

    List<Object> parameters() {
        return parameters;
    }

    /** The page of rows read (the extra row dropped) and the offset of the next page, or null. */
    <T> Page<T> page(List<T> rows) {
        boolean more = rows.size() > limit;
        return new Page<>(more ? rows.subList(0, limit) : rows, more ? offset + limit : null);
    }

    /** One page of a list and the offset of the next page (null on the last). */
    public record Page<T>(List<T> items, Integer next) {
    }
}
