package io.kindred.ri.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.kindred.ri.RiParseException;
import io.kindred.ri.RiParser;
import io.kindred.ri.model.ComponentDefinition;
import io.kindred.ri.model.GroupVersionKind;
import io.kindred.ri.model.ResourceInterfaceSpec;
import io.kindred.ri.validate.RiValidator;
import io.kindred.ri.validate.ValidationProblem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The workload types Kindred ships: one Resource Interface file per (kind, version) on the classpath under
 * {@value #DIRECTORY}, listed in {@value #INDEX_FILE}.
 *
 * <p>Each file is a full {@code ResourceInterface} object whose {@code metadata.annotations} carry the type's default
 * {@value #CATEGORY_ANNOTATION} and {@value #PRIORITY_ANNOTATION}, and {@value #SOURCES_ANNOTATION} (where its rules
 * come from). Files of the same kind (MPIJob v2beta1 and v1) become one {@link CatalogEntry} with several versions.
 *
 * <p>The catalog is part of the product, so a broken file is a build error, not a warning: {@link #load()} throws a
 * {@link CatalogException} naming the file when a listed file is missing, is not a valid RI (parse or
 * {@link RiValidator} problems), lacks an annotation, or contradicts another file. The result is computed once and
 * shared; it is immutable.
 */
public final class BuiltinCatalog {

    /** Classpath folder of the catalog files. */
    public static final String DIRECTORY = "io/kindred/ri/catalog/";
    /** The list of catalog files, one name per line, in catalog order. */
    public static final String INDEX_FILE = "index.txt";
    public static final String CATEGORY_ANNOTATION = "kindred.io/category";
    public static final String PRIORITY_ANNOTATION = "kindred.io/priority";
    public static final String SOURCES_ANNOTATION = "kindred.io/sources";
    /** Run:ai's workload categories. */
    public static final List<String> CATEGORIES = List.of("Build", "Train", "Deploy");
    /** Run:ai's priority names, lowest first. */
    public static final List<String> PRIORITIES =
            List.of("very-low", "low", "medium-low", "medium", "medium-high", "high", "very-high");

    private static final Object LOCK = new Object();
    private static volatile List<CatalogEntry> entries;

    private BuiltinCatalog() {
    }

    /**
     * The built-in workload types, in catalog order.
     *
     * @throws CatalogException if any catalog file is missing, invalid or inconsistent
     */
    public static List<CatalogEntry> load() {
        List<CatalogEntry> loaded = entries;
        if (loaded == null) {
            synchronized (LOCK) {
                loaded = entries;
                if (loaded == null) {
                    loaded = group(readFiles(BuiltinCatalog.class.getClassLoader(), DIRECTORY));
                    entries = loaded;
                }
            }
        }
        return loaded;
    }

    /** Every catalog file, read and checked, in index order (for tests and tools that need the file names). */
    static List<CatalogFile> files() {
        return readFiles(BuiltinCatalog.class.getClassLoader(), DIRECTORY);
    }

    /** Reads and checks the catalog in a classpath folder (a parameter so that tests can load broken catalogs). */
    static List<CatalogFile> readFiles(ClassLoader classLoader, String directory) {
        List<String> names = index(classLoader, directory);
        List<CatalogFile> files = new ArrayList<>(names.size());
        for (String name : names) {
            files.add(readFile(classLoader, directory, name));
        }
        return List.copyOf(files);
    }

    /** Groups the files into entries by (group, kind), keeping index order, and checks that they agree. */
    static List<CatalogEntry> group(List<CatalogFile> files) {
        Map<String, List<CatalogFile>> byKind = new LinkedHashMap<>();
        Map<String, CatalogFile> firstByName = new LinkedHashMap<>();
        for (CatalogFile file : files) {
            GroupVersionKind gvk = file.kind();
            CatalogFile sameName = firstByName.putIfAbsent(gvk.kind(), file);
            if (sameName != null && !sameName.kind().group().equals(gvk.group())) {
                throw new CatalogException(file.fileName(), "kind " + gvk.kind() + " in group \"" + gvk.group()
                        + "\" clashes with " + sameName.fileName() + " (group \"" + sameName.kind().group()
                        + "\"): a workload type's name is its kind and must be unique");
            }
            byKind.computeIfAbsent(gvk.group() + "/" + gvk.kind(), k -> new ArrayList<>()).add(file);
        }
        List<CatalogEntry> result = new ArrayList<>(byKind.size());
        for (List<CatalogFile> sameKind : byKind.values()) {
            CatalogFile first = sameKind.get(0);
            Set<String> versions = new HashSet<>();
            List<CatalogVersion> catalogVersions = new ArrayList<>();
            for (CatalogFile file : sameKind) {
                if (!file.category().equals(first.category()) || !file.priority().equals(first.priority())) {
                    throw new CatalogException(file.fileName(), "category/priority " + file.category() + "/"
                            + file.priority() + " differ from " + first.fileName() + " (" + first.category() + "/"
                            + first.priority() + "): every version of a kind shares its workload type's defaults");
                }
                if (!versions.add(file.kind().version())) {
                    throw new CatalogException(file.fileName(), "version " + file.kind().version() + " of "
                            + file.kind().kind() + " is already defined by another catalog file");
                }
                catalogVersions.add(new CatalogVersion(file.kind().version(), file.spec(), file.specJson()));
            }
            result.add(new CatalogEntry(first.kind().kind(), first.kind().group(), first.category(), first.priority(),
                    catalogVersions));
        }
        return List.copyOf(result);
    }

    private static List<String> index(ClassLoader classLoader, String directory) {
        String text = resource(classLoader, directory + INDEX_FILE, null);
        if (text == null) {
            throw new CatalogException(null, "the catalog index " + directory + INDEX_FILE + " is not on the classpath");
        }
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.contains("/") || line.contains("\\") || !line.endsWith(".yaml")) {
                throw new CatalogException(INDEX_FILE, "line " + (i + 1) + ": \"" + line
                        + "\" is not a file name of the form <name>.yaml in the catalog folder");
            }
            if (!seen.add(line)) {
                throw new CatalogException(INDEX_FILE, "line " + (i + 1) + ": " + line + " is listed twice");
            }
            names.add(line);
        }
        if (names.isEmpty()) {
            throw new CatalogException(INDEX_FILE, "lists no catalog file");
        }
        return names;
    }

    private static CatalogFile readFile(ClassLoader classLoader, String directory, String fileName) {
        String text = resource(classLoader, directory + fileName, fileName);
        if (text == null) {
            throw new CatalogException(fileName, "listed in " + INDEX_FILE + " but not found in " + directory);
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        JsonNode document;
        ResourceInterfaceSpec spec;
        try {
            document = RiParser.readDocument(bytes, RiParser.MAX_DOCUMENT_BYTES, "catalog file");
            spec = RiParser.parse(document);
        } catch (RiParseException e) {
            throw new CatalogException(fileName, "not a valid Resource Interface: " + e.getMessage(), e);
        }
        if (!document.hasNonNull("apiVersion") || !document.hasNonNull("kind")) {
            throw new CatalogException(fileName, "must be a full ResourceInterface object (apiVersion "
                    + RiParser.API_VERSION + ", kind " + RiParser.KIND + "), not a bare spec");
        }
        String metadataName = text(document.path("metadata").path("name"));
        if (metadataName == null) {
            throw new CatalogException(fileName, "metadata.name is missing");
        }
        JsonNode annotations = document.path("metadata").path("annotations");
        String category = annotation(fileName, annotations, CATEGORY_ANNOTATION);
        if (!CATEGORIES.contains(category)) {
            throw new CatalogException(fileName, "annotation " + CATEGORY_ANNOTATION + " is \"" + category
                    + "\", expected one of " + CATEGORIES);
        }
        String priority = annotation(fileName, annotations, PRIORITY_ANNOTATION);
        if (!PRIORITIES.contains(priority)) {
            throw new CatalogException(fileName, "annotation " + PRIORITY_ANNOTATION + " is \"" + priority
                    + "\", expected one of " + PRIORITIES);
        }
        String sources = annotation(fileName, annotations, SOURCES_ANNOTATION);

        List<ValidationProblem> problems = RiValidator.validate(spec);
        if (!problems.isEmpty()) {
            throw new CatalogException(fileName, "the Resource Interface has " + problems.size() + " problem(s): "
                    + problems.stream().map(p -> p.path() + ": " + p.message()).collect(Collectors.joining("; ")));
        }
        ComponentDefinition root = spec.rootComponent();
        GroupVersionKind kind = root.kind();
        if (kind == null || kind.kind() == null || kind.version() == null) {
            throw new CatalogException(fileName, "the root component has no complete kind");
        }
        GroupVersionKind normalized = new GroupVersionKind(kind.group() == null ? "" : kind.group(), kind.version(),
                kind.kind());
        return new CatalogFile(fileName, metadataName, normalized, category, priority, sources, spec,
                RiParser.toJson(spec));
    }

    private static String annotation(String fileName, JsonNode annotations, String key) {
        String value = text(annotations.path(key));
        if (value == null) {
            throw new CatalogException(fileName, "metadata.annotations[\"" + key + "\"] is missing or empty");
        }
        return value;
    }

    private static String text(JsonNode node) {
        if (node == null || !node.isTextual() || node.textValue().isBlank()) {
            return null;
        }
        return node.textValue().strip();
    }

    /** A classpath resource as UTF-8 text, or {@code null} if it does not exist. */
    private static String resource(ClassLoader classLoader, String path, String fileName) {
        try (InputStream in = classLoader.getResourceAsStream(path)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CatalogException(fileName, "cannot be read: " + e.getMessage(), e);
        }
    }
}
