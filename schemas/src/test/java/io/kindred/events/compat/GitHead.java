package io.kindred.events.compat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Reads files as committed at {@code HEAD} of the git checkout a module lives in. Used to compare a schema being
 * edited with its committed version; anything that makes that impossible (no git, not a checkout, file not
 * committed yet) yields "unavailable" rather than a failure, because the history folder is the real guard.
 */
public final class GitHead {

    /** Generous bound so a wedged git (e.g. a lock held by an IDE) cannot hang the build. */
    private static final long GIT_TIMEOUT_SECONDS = 30;

    private GitHead() {
    }

    /**
     * The committed text of {@code relativePath} (relative to {@code workingDir}, '/'-separated) at HEAD,
     * or empty when git, the checkout or the file is unavailable.
     */
    public static Optional<String> committedText(Path workingDir, String relativePath) {
        Path output = null;
        try {
            output = Files.createTempFile("git-head-", ".out");
            ProcessBuilder git = new ProcessBuilder(List.of("git", "show", "HEAD:./" + relativePath))
                    .directory(workingDir.toFile())
                    .redirectOutput(output.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
            git.environment().put("GIT_TERMINAL_PROMPT", "0");
            Process process = git.start();
            if (!process.waitFor(GIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            if (process.exitValue() != 0) {
                return Optional.empty();
            }
            return Optional.of(Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty(); // git is not installed, or the temp file could not be used
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            deleteQuietly(output);
        }
    }

    private static File nullDevice() {
        return new File(File.separatorChar == '\\' ? "NUL" : "/dev/null");
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover temp file is harmless
        }
    }
}
