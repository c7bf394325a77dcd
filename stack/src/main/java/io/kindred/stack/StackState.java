package io.kindred.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * What a running {@code bin/kindred up} tells {@code status}, {@code demo} and a second {@code up}:
 * {@code target/kindred/stack.properties}, written once everything is ready and deleted on stop. The devstack's env
 * file (admin credentials included) sits next to it.
 */
public record StackState(Path directory, Properties values) {

    public static final String FILE = "stack.properties";

    /** {@code <root>/target/kindred}. */
    public static Path directory(Path root) {
        return root.resolve("target").resolve("kindred");
    }

    public static Optional<StackState> read(Path directory) {
        Path file = directory.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties values = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            values.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        return Optional.of(new StackState(directory, values));
    }

    public static void write(Path directory, Map<String, String> values) {
        Properties properties = new Properties();
        properties.putAll(values);
        try {
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, ".stack", ".tmp");
            try (Writer writer = Files.newBufferedWriter(temporary)) {
                properties.store(writer, "bin/kindred up: the running stack (deleted when it stops)");
            }
            Files.move(temporary, directory.resolve(FILE), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + directory.resolve(FILE), e);
        }
    }

    public static void delete(Path directory) {
        try {
            Files.deleteIfExists(directory.resolve(FILE));
        } catch (IOException e) {
            // nothing listens any more; a stale file is reported by status as not answering
        }
    }

    public String get(String key) {
        String value = values.getProperty(key);
        if (value == null) {
            throw new IllegalStateException(directory.resolve(FILE) + " has no " + key);
        }
        return value;
    }

    public String serviceUrl(KindredService service) {
        return get(service.module() + ".url");
    }

    /** The devstack's env file: the services' variables, the admin client's credentials among them. */
    public Map<String, String> environment() {
        Properties env = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(get("env-file")))) {
            env.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the env file " + get("env-file"), e);
        }
        Map<String, String> map = new java.util.LinkedHashMap<>();
        env.forEach((k, v) -> map.put(k.toString(), unquote(v.toString())));
        return map;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("'") && value.endsWith("'")
                || value.startsWith("\"") && value.endsWith("\""))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
