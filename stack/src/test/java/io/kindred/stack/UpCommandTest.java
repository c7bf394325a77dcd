package io.kindred.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpCommandTest {

    @Test
    void aSecondUpSaysThatKindredIsRunningAndWhereAndStartsNothing(@TempDir Path root) throws Exception {
        Path directory = StackState.directory(root);
        Files.createDirectories(directory);
        StackState.write(directory, Map.of("pid", "4242", "started", "2026-01-01T00:00:00Z",
                "registry-service.url", "http://localhost:8080"));
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (FileChannel channel = FileChannel.open(directory.resolve("up.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = channel.lock()) {
            int exit = new UpCommand(root, new Console(new PrintStream(output, true, StandardCharsets.UTF_8), false),
                    true).run();
            assertThat(exit).isEqualTo(1);
        }
        assertThat(output.toString(StandardCharsets.UTF_8))
                .contains("Kindred is already running from this directory (pid 4242")
                .contains("registry at http://localhost:8080").contains("kill 4242");
        assertThat(directory.resolve("devstack.env")).doesNotExist();
    }

    @Test
    void statusAndDemoSayHowToStartWhenNothingRuns(@TempDir Path root) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Console console = new Console(new PrintStream(output, true, StandardCharsets.UTF_8), false);
        assertThat(new StatusCommand(root, console).run()).isEqualTo(3);
        assertThat(new DemoCommand(root, console).run()).isEqualTo(3);
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("Start it with: bin/kindred up")
                .contains("Start it first, in another terminal: bin/kindred up");
    }
}
