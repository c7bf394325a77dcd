package io.kindred.deploychecks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The checked-out repository the descriptors live in, and what the services' own configuration says. */
final class Repository {

    /** The three services the project builds, by directory (= Kubernetes app.kubernetes.io/name = compose service). */
    static final List<String> SERVICES =
            List.of("registry-service", "status-mapper-service", "scheduler-adapter");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");
    private static final Pattern BACKTICKED = Pattern.compile("`([^`\\s]+)`");
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

    /**
     * The environment variables the service reads, as far as its configuration and README say: every {@code ${NAME}}
     * in application.properties, and the variable of every property named there or in the README (Quarkus: upper
     * case, every other character '_').
     */
    static Set<String> documentedEnvironment(String service) {
        Set<String> names = new TreeSet<>();
        String properties = read(file(service + "/src/main/resources/application.properties"));
        Matcher placeholder = PLACEHOLDER.matcher(properties);
        while (placeholder.find()) {
            names.add(placeholder.group(1));
        }
        applicationProperties(service).stringPropertyNames()
                .forEach(key -> names.add(environmentName(key.replaceFirst("^%[a-z-]+\\.", ""))));
        Matcher quoted = BACKTICKED.matcher(read(file(service + "/README.md")));
        while (quoted.find()) {
            String token = quoted.group(1);
            if (token.matches("[A-Z][A-Z0-9_]+")) {
                names.add(token);
            } else if (token.matches("[a-z][a-z0-9.-]*\\.[a-z0-9.-]+")) {
                names.add(environmentName(token));
            }
        }
        return names;
    }

    /**
     * The names a deployment gives the service that it does not read: a misspelt variable is ignored silently.
     * Passed through without a list: KAFKA_* (every Kafka client property), QUARKUS_* (any Quarkus setting), JAVA_*
     * (the JVM) and KUBECONFIG (the Kubernetes client).
     */
    static List<String> unknownEnvironment(String service, java.util.Collection<String> names) {
        Set<String> documented = documentedEnvironment(service);
        return names.stream()
                .filter(name -> !documented.contains(name))
                .filter(name -> !name.startsWith("KAFKA_") && !name.startsWith("QUARKUS_") && !name.startsWith("JAVA_")
                        && !name.equals("KUBECONFIG"))
                .toList();
    }

    static String environmentName(String property) {
        return property.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
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
