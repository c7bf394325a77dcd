package io.kindred.stack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.kindred.stack.Console.Colour;

/** {@code bin/kindred status}: every part of a running stack on one screen. */
final class StatusCommand {

    private final Path directory;
    private final Console console;

    StatusCommand(Path root, Console console) {
        this.directory = StackState.directory(root);
        this.console = console;
    }

    int run() {
        Optional<StackState> read = StackState.read(directory);
        if (read.isEmpty()) {
            console.println("Kindred is not running here (no " + directory.resolve(StackState.FILE)
                    + "). Start it with: bin/kindred up");
            return 3;
        }
        StackState state = read.get();
        boolean allUp = ProcessHandle.of(Long.parseLong(state.get("pid"))).map(ProcessHandle::isAlive).orElse(false);
        console.println(console.paint(Colour.BOLD, "Kindred") + " (bin/kindred up, pid " + state.get("pid")
                + (allUp ? "" : console.paint(Colour.RED, " — not running any more")) + ", since "
                + state.get("started") + ")");
        allUp &= row("Kafka", state.get("kafka"), tcp(state.get("kafka")));
        allUp &= row("PostgreSQL", state.get("postgres"), tcp(hostPort(state.get("postgres").replace("jdbc:", ""))));
        allUp &= row("Schema registry", state.get("schema-registry"),
                http(state.get("schema-registry") + "/system/info"));
        allUp &= row("Kubernetes API", state.get("kubernetes"), kubernetes(state.get("kubernetes")));
        for (KindredService service : KindredService.values()) {
            String url = state.serviceUrl(service);
            Health health = Health.ready(url);
            allUp &= row(service.module(), url, health.up() ? null
                    : health.status() + (health.error() != null ? " (" + health.error() + ")" : ""));
            if (health.body() != null) {
                for (JsonNode check : health.body().path("checks")) {
                    String detail = check.path("name").asText();
                    if (detail.equals("kind watches")) {
                        WatchCount count = WatchCount.of(health);
                        detail += ": " + count.watching() + " of " + count.total() + " watching"
                                + (count.notWatching().isEmpty() ? "" : ", not: " + count.notWatching());
                    }
                    String status = check.path("status").asText();
                    console.println("      " + (status.equals("UP") ? console.paint(Colour.GREEN, "UP  ")
                            : console.paint(Colour.RED, status)) + " " + detail);
                }
            }
        }
        console.println("  logs: " + directory + "/*.log   KUBECONFIG=" + state.get("kubeconfig"));
        return allUp ? 0 : 1;
    }

    /** Prints one part; {@code problem} null means UP. */
    private boolean row(String name, String endpoint, String problem) {
        String status = problem == null ? console.paint(Colour.GREEN, "UP  ") : console.paint(Colour.RED, "DOWN");
        console.println(String.format("  %s %-22s %s%s", status, name, endpoint,
                problem == null ? "" : "  " + console.paint(Colour.RED, problem)));
        return problem == null;
    }

    private static String kubernetes(String url) {
        String problem = http(url + "/version");
        return problem;
    }

    private static String http(String url) {
        try {
            HttpResponse<String> response = ServiceProcess.get(url, Duration.ofSeconds(3));
            return response.statusCode() == 200 ? null : "HTTP " + response.statusCode();
        } catch (IOException e) {
            return "does not answer (" + e.getClass().getSimpleName() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static String hostPort(String url) {
        URI uri = URI.create(url);
        return uri.getHost() + ":" + uri.getPort();
    }

    private static String tcp(String hostPort) {
        String first = hostPort.split(",")[0];
        int colon = first.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(first.substring(0, colon),
                    Integer.parseInt(first.substring(colon + 1))), 2000);
            return null;
        } catch (IOException | RuntimeException e) {
            return "does not answer (" + e.getClass().getSimpleName() + ")";
        }
    }
}
