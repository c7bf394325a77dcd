package io.kindred.stack;

import java.nio.file.Path;
import java.util.List;

/** {@code bin/kindred}: up, status, demo. */
public final class KindredMain {

    /** Set by bin/kindred to the repository root. */
    public static final String ROOT_PROPERTY = "kindred.root";

    /**
     * The Apicurio serde warns on stderr about its shared Vert.x instance, which is right for a CLI. Held in a field:
     * java.util.logging keeps loggers weakly, and a collected logger would forget its level.
     */
    private static final java.util.logging.Logger APICURIO_LOGGER = java.util.logging.Logger.getLogger("io.apicurio");

    private static final String USAGE = """
            Usage: bin/kindred <command>
              up [--random-ports]  build what is missing, start the devstack and the three services, print where
                                   everything is; Ctrl-C (or SIGTERM) stops all of it
              status               the health of each part of the running stack
              demo                 against a running stack: register a custom workload type, create its CRD and an
                                   object, drive it Initializing -> Running -> Completed, and show the state events,
                                   the gang directives and its PodGroup as they arrive
              soak [--seconds N] [--seed S] [--concurrency C] [--faults KIND,…|all]
                                   the fault-injection soak: the devstack and the three services in this process,
                                   TrainingRuns driven through their lives while Kafka, PostgreSQL, the Kubernetes API
                                   and each service are restarted at random for N seconds (default 300); prints one
                                   table; exit code 0 only if nothing was lost, duplicated or leaked
              help                 this text

              Environment: KINDRED_SERVICE_JAVA_OPTS (JVM options of the services, default "%s"),
                           NO_COLOR (plain output on a terminal too).
            """.formatted(ServiceProcess.DEFAULT_JAVA_OPTS);

    private KindredMain() {
    }

    private static int soak(Path root, List<String> options) throws Exception {
        SoakRun.Options settings = SoakRun.Options.defaults(java.time.Duration.ofSeconds(300));
        for (int i = 0; i < options.size(); i++) {
            String option = options.get(i);
            String value = i + 1 < options.size() ? options.get(i + 1) : null;
            try {
                switch (option) {
                    case "--seconds" -> settings = settings.withFaults(java.time.Duration.ofSeconds(
                            Long.parseLong(value)));
                    case "--faults" -> settings = settings.withFaultKinds(value);
                    case "--seed" -> settings = settings.withSeed(Long.parseLong(value));
                    case "--concurrency" -> settings = settings.withConcurrency(Integer.parseInt(value));
                    default -> {
                        System.err.println("kindred soak: unknown option " + option);
                        System.err.print(USAGE);
                        return 2;
                    }
                }
            } catch (IllegalArgumentException | NullPointerException e) {
                System.err.println("kindred soak: bad value for " + option + ": " + value);
                return 2;
            }
            i++;
        }
        Path work = root.resolve("target").resolve("kindred").resolve("soak");
        return new SoakRun(root, work, settings, System.out).run().passed() ? 0 : 1;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty(ROOT_PROPERTY, "")).toAbsolutePath();
        APICURIO_LOGGER.setLevel(java.util.logging.Level.SEVERE);
        Console console = Console.system();
        List<String> arguments = List.of(args);
        String command = arguments.isEmpty() ? "help" : arguments.get(0);
        List<String> options = arguments.isEmpty() ? List.of() : arguments.subList(1, arguments.size());
        int exit;
        switch (command) {
            case "up" -> {
                for (String option : options) {
                    if (!option.equals("--random-ports")) {
                        System.err.println("kindred up: unknown option " + option);
                        System.err.print(USAGE);
                        System.exit(2);
                    }
                }
                exit = new UpCommand(root, console, options.contains("--random-ports")).run();
            }
            case "status" -> exit = new StatusCommand(root, console).run();
            case "demo" -> exit = new DemoCommand(root, console).run();
            case "soak" -> exit = soak(root, options);
            case "help", "--help", "-h" -> {
                System.out.print(USAGE);
                exit = 0;
            }
            default -> {
                System.err.println("kindred: unknown command " + command);
                System.err.print(USAGE);
                exit = 2;
            }
        }
        System.exit(exit);
    }
}
