package io.kindred.ri.catalog;

import io.kindred.ri.model.PodGroupDefinition;
import io.kindred.ri.model.PodGroupMember;
import io.kindred.ri.model.ResourceInterfaceSpec;
import io.kindred.ri.status.RiState;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Generates the parts of {@code docs/workload-types.md} that are read from the catalog itself: the table of built-in
 * types and the per-kind sources. The rest of the page is hand-written; the generated parts sit between marker
 * comments so that they can be checked and rewritten without touching it.
 */
final class WorkloadTypesDoc {

    static final String TABLE_BEGIN = "<!-- BEGIN GENERATED: workload types table -->";
    static final String TABLE_END = "<!-- END GENERATED: workload types table -->";
    static final String SOURCES_BEGIN = "<!-- BEGIN GENERATED: sources -->";
    static final String SOURCES_END = "<!-- END GENERATED: sources -->";

    /** The order states are listed in: the life of a workload. */
    private static final List<RiState> STATE_ORDER = List.of(RiState.INITIALIZING, RiState.RUNNING,
            RiState.DEGRADED, RiState.COMPLETED, RiState.FAILED, RiState.UNDEFINED);
    private static final Pattern LABEL = Pattern.compile("\\.metadata\\.labels\\[\"([^\"]+)\"]");

    private WorkloadTypesDoc() {
    }

    /** The table: one row per kind. */
    static String table(List<CatalogFile> files, Map<String, List<CatalogFixture>> fixtures) {
        StringBuilder out = new StringBuilder();
        out.append("| Kind | API group / versions | Category | Priority | States covered by fixtures | Gang scheduling |\n");
        out.append("|---|---|---|---|---|---|\n");
        for (List<CatalogFile> sameKind : byKind(files)) {
            CatalogFile first = sameKind.get(0);
            Set<RiState> states = EnumSet.noneOf(RiState.class);
            for (CatalogFile file : sameKind) {
                fixtures.getOrDefault(file.stem(), List.of()).forEach(f -> states.add(f.state()));
            }
            String group = first.kind().group().isEmpty() ? "core" : first.kind().group();
            String versions = sameKind.stream().map(f -> f.kind().version()).collect(Collectors.joining(", "));
            Set<String> gang = new LinkedHashSet<>();
            for (CatalogFile file : sameKind) {
                gang.add(gang(file.spec()));
            }
            out.append("| ").append(first.kind().kind())
                    .append(" | `").append(group).append("` ").append(versions)
                    .append(" | ").append(first.category())
                    .append(" | ").append(first.priority())
                    .append(" | ").append(STATE_ORDER.stream().filter(states::contains)
                            .map(RiState::displayName).collect(Collectors.joining(", ")))
                    .append(" | ").append(String.join("<br>", gang))
                    .append(" |\n");
        }
        return out.toString();
    }

    /** Where each kind's rules come from: the kindred.io/sources annotation of every file. */
    static String sources(List<CatalogFile> files) {
        StringBuilder out = new StringBuilder();
        for (CatalogFile file : files) {
            out.append("### ").append(file.kind().kind()).append(' ').append(file.kind().apiVersion())
                    .append(" (`").append(file.fileName()).append("`)\n\n");
            for (String line : file.sources().strip().split("\n")) {
                out.append("> ").append(line.strip()).append('\n');
            }
            out.append('\n');
        }
        return out.toString().stripTrailing() + "\n";
    }

    /** Replaces the generated parts of the page; fails if a marker is missing. */
    static String render(String page, String table, String sources) {
        return replaceBetween(replaceBetween(page, TABLE_BEGIN, TABLE_END, table), SOURCES_BEGIN, SOURCES_END, sources);
    }

    private static String replaceBetween(String page, String begin, String end, String content) {
        int from = page.indexOf(begin);
        int to = page.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalStateException("docs/workload-types.md must contain " + begin + " … " + end);
        }
        return page.substring(0, from + begin.length()) + "\n" + content + page.substring(to);
    }

    /** The files grouped by (group, kind), in catalog order. */
    private static List<List<CatalogFile>> byKind(List<CatalogFile> files) {
        Map<String, List<CatalogFile>> grouped = new LinkedHashMap<>();
        for (CatalogFile file : files) {
            grouped.computeIfAbsent(file.kind().group() + "/" + file.kind().kind(), k -> new ArrayList<>()).add(file);
        }
        return new ArrayList<>(grouped.values());
    }

    private static String gang(ResourceInterfaceSpec spec) {
        if (spec.podGroups().isEmpty()) {
            return "none: no gang directive";
        }
        List<String> groups = new ArrayList<>();
        for (PodGroupDefinition group : spec.podGroups()) {
            List<String> members = new ArrayList<>();
            for (PodGroupMember member : group.members()) {
                String keys = member.groupByKeyPaths().stream().map(WorkloadTypesDoc::key)
                        .collect(Collectors.joining(" + "));
                members.add("one group per " + keys + ", minMember = subtree of `" + member.componentName() + "`");
            }
            groups.add("`" + group.name() + "`: " + String.join("; ", members));
        }
        return String.join("<br>", groups);
    }

    /** A group key path in words where it is a plain label read, else the expression itself. */
    private static String key(String path) {
        String trimmed = path.strip();
        if (trimmed.equals(".metadata.name")) {
            return "pod name";
        }
        // a label, or labels tried in turn with //
        List<String> labels = new ArrayList<>();
        for (String alternative : trimmed.split("//")) {
            Matcher label = LABEL.matcher(alternative.strip());
            if (!label.matches()) {
                return "`" + trimmed.replace("|", "\\|") + "`";
            }
            labels.add("`" + label.group(1) + "`");
        }
        return "label " + String.join(" (else ", labels) + ")".repeat(labels.size() - 1);
    }
}
