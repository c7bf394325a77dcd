package io.kindred.deploychecks;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Runs the command-line tools the checks use (kubectl, docker compose or docker-compose). None of them needs a
 * cluster, an engine or the network for what is asked here.
 *
 * <p>A missing tool never lets a check pass silently: by default the check fails and says which tool is missing
 * and how to install it; with {@code -Dkindred.deploy-checks.missing-tools=skip} it is reported as skipped.
 */
final class ExternalTool {

    record Result(int exitCode, String output) {
    }

    private ExternalTool() {
    }

    static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(File.pathSeparator)) {
            Path candidate = Path.of(directory, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Fails (or, when so configured, skips) the calling check because a tool it needs is not installed. */
    static void missing(String tool, String howToInstall) {
        String message = tool + " is not installed, so this check cannot run. " + howToInstall
                + ". To run the other checks without it: -Dkindred.deploy-checks.missing-tools=skip"
                + " (the check is then reported as skipped).";
        if ("skip".equals(System.getProperty("kindred.deploy-checks.missing-tools"))) {
            Assumptions.abort(message);
        }
        fail(message);
    }

    static Result run(List<String> command, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command))
                .directory(Repository.root().toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            // read while waiting, so a large output cannot fill the pipe and block the tool
            CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> readAll(process));
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within 2 minutes");
            }
            return new Result(process.exitValue(), new String(output.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("could not run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + String.join(" ", command), e);
        }
    }

    private static byte[] readAll(Process process) {
        try {
            return process.getInputStream().readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
