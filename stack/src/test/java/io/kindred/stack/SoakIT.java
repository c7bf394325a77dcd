package io.kindred.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * The short soak of the build: {@code soak.seconds} (default 60) of random faults — Kafka restarted, each service
 * killed -9 and restarted, the Kubernetes API unavailable, PostgreSQL restarted — while TrainingRuns live their lives;
 * then nothing lost, duplicated or leaked (see {@link SoakVerdict} for what is expected). The seed is random and
 * printed; {@code -Dsoak.seed=} replays a run's fault sequence.
 */
class SoakIT {

    @Test
    void nothingLostDuplicatedOrLeakedUnderRandomFaults() throws Exception {
        Path root = Path.of(System.getProperty(KindredMain.ROOT_PROPERTY, "..")).toAbsolutePath().normalize();
        SoakRun.Options options = SoakRun.Options.defaults(Duration.ofSeconds(Long.getLong("soak.seconds", 60)))
                .withConcurrency(Integer.getInteger("soak.concurrency", 4))
                .withFaultKinds(System.getProperty("soak.faults", "all"));
        if (System.getProperty("soak.seed") != null) {
            options = options.withSeed(Long.getLong("soak.seed"));
        }
        // the system EndToEndIT ran on, if it ran first (failsafe runs the classes in alphabetical order)
        SoakRun.Result result = new SoakRun(root, root.resolve("stack").resolve("target").resolve("soak"), options,
                System.out).run(LocalSystem.shared(root));
        assertThat(result.problems()).as("the soak's findings (table above)").isEmpty();
        assertThat(result.passed()).isTrue();
    }
}
