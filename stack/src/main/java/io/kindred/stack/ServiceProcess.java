package io.kindred.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service's built jar running as a child process: its environment, its log file (appended, so a restart keeps
 * the earlier run's lines), readiness from {@code /q/health/ready}, and stop (SIGTERM, then SIGKILL after a grace
 * period), kill -9 and restart on the same port.
 */
public final class ServiceProcess {

    /** JVM options for the services: C1 only starts a JVM markedly faster on two cores. */
    public static final String DEFAULT_JAVA_OPTS = "-XX:TieredStopAtLevel=1 -Xmx384m -XX:+UseSerialGC";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final KindredService service;
    private final Path jar;
    private final Path logFile;
    private final int port;
    private final Map<String, String> environment;
    private final List<String> javaOptions;
    private Process process;

    public ServiceProcess(KindredService service, Path root, Path logFile, int port, Map<String, String> environment,
            String javaOptions) {
        this.service = service;
        this.jar = service.jar(root);
        this.logFile = logFile;
        this.port = port;
        this.environment = new LinkedHashMap<>(environment);
        this.environment.put("HTTP_PORT", Integer.toString(port));
        this.javaOptions = javaOptions == null || javaOptions.isBlank() ? List.of()
                : List.of(javaOptions.trim().split("\\s+"));
    }

    public KindredService service() {
        return service;
    }

    public String name() {
        return service.module();
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://localhost:" + port;
    }

    public Path logFile() {
        return logFile;
    }

    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Starts the jar; returns at once (see {@link #awaitReady}). */
    public synchronized void start() {
        if (isAlive()) {
            throw new IllegalStateException(name() + " is already running (pid " + process.pid() + ")");
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name() + " is not built: " + jar + " is missing (./mvnw -B package"
                    + " -DskipTests -pl " + service.module() + " -am)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(logFile.getParent());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name(), e);
        }
    }

    /** Waits until {@code /q/health/ready} answers UP; fails early, with the log's tail, if the process exits. */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!isAlive()) {
                throw new IllegalStateException(name() + " exited before it was ready; the end of " + logFile + ":\n"
                        + tail(30));
            }
            if (ready()) {
                return;
            }
            sleep(500);
        }
        throw new IllegalStateException(name() + " was not ready within " + timeout.toSeconds() + " s ("
                + url() + "/q/health/ready); the end of " + logFile + ":\n" + tail(30));
    }

    /** {@code /q/health/ready} answers 200 (UP). */
    public boolean ready() {
        return Health.ready(url()).up();
    }

    /** SIGTERM, and SIGKILL if it has not exited after {@code grace}. */
    public void stop(Duration grace) {
        Process running;
        synchronized (this) {
            running = process;
        }
        if (running == null || !running.isAlive()) {
            return;
        }
        running.destroy();
        try {
            if (!running.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                running.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            running.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** {@code kill -9}: no shutdown hook, no graceful close of anything. */
    public void kill() {
        Process running;
        synchronized (this) {
            running = process;
        }
        if (running == null) {
            return;
        }
        running.destroyForcibly();
        try {
            running.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines of the log file. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + logFile + ": " + e.getMessage() + ")";
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** GET a URL; status and body, or status -1 and the error when nothing answers. */
    static HttpResponse<String> get(String url, Duration timeout) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
