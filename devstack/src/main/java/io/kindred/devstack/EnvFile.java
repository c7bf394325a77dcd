package io.kindred.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A {@code KEY=VALUE} file both a POSIX shell ({@code set -a; . file; set +a}) and env-file readers (docker
 * --env-file, systemd, IDE run configurations) understand: values are left bare when they hold only safe characters and
 * single-quoted otherwise.
 */
public final class EnvFile {

    private static final Pattern SAFE_VALUE = Pattern.compile("[A-Za-z0-9_./:@,%+=-]*");
    private static final Pattern KEY = Pattern.compile("[A-Z_][A-Z0-9_]*");

    private EnvFile() {
    }

    public static String render(Map<String, String> variables) {
        StringBuilder text = new StringBuilder();
        variables.forEach((key, value) -> {
            if (!KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("Not an environment variable name: " + key);
            }
            text.append(key).append('=').append(quote(value)).append('\n');
        });
        return text.toString();
    }

    /** Writes atomically, so a script polling for the file never reads half of it. */
    public static void write(Path file, Map<String, String> variables) {
        try {
            Path directory = file.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, ".devstack-env", ".tmp");
            Files.writeString(temporary, render(variables));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write env file " + file, e);
        }
    }

    static String quote(String value) {
        if (SAFE_VALUE.matcher(value).matches()) {
            return value;
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
