package io.kindred.deploychecks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The checked-out repository the descriptors live in, and what the services' own configuration says. */
final class Repository {

    /** The three services the project builds, by directory (= Kubernetes app.kubernetes.io/name = compose service). */
    static final List<String> SERVICES =
            List.of("registry-service", "status-mapper-service", "scheduler-adapter");

    private static final Pattern DEFAULT_OF_EXPRESSION = Pattern.compile("\\$\\{[A-Z_]+:([^}]*)}");

    private Repository() {
    }

    static Path root() {
        return Path.of(System.getProperty("kindred.root", "..")).toAbsolutePath().normalize();
    }

    static Path file(String relative) {
        return root().resolve(relative);
    }

    /** The service's HTTP port as its application.properties sets it (the default of ${HTTP_PORT:…}). */
    static int httpPort(String service) {
        String value = applicationProperties(service).getProperty("quarkus.http.port");
        if (value == null) {
            throw new AssertionError(service + ": quarkus.http.port is not set in application.properties");
        }
        Matcher expression = DEFAULT_OF_EXPRESSION.matcher(value.trim());
        return Integer.parseInt(expression.matches() ? expression.group(1) : value.trim());
    }

    static Properties applicationProperties(String service) {
        Path path = file(service + "/src/main/resources/application.properties");
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(path)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(path.toString(), e);
        }
        return properties;
    }

    /** Whether any file of the service's main sources or resources contains the text. */
    static boolean mainSourcesContain(String service, String text) {
        try (Stream<Path> files = Files.walk(file(service + "/src/main"))) {
            return files.filter(Files::isRegularFile).anyMatch(path -> read(path).contains(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(path.toString(), e);
        }
    }
}
