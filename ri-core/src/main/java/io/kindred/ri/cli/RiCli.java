package io.kindred.ri.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code ri} command line: evaluates Resource Interfaces on files, printing JSON on stdout.
 *
 * <p>Exit codes: 0 success; 1 the RI or object is invalid or the evaluation failed (a JSON body with
 * {@code "errors"} is printed); 2 wrong usage (the usage goes to stderr). Input files may be YAML or JSON.
 *
 * <p>Commands are registered in one place, {@link #commands()}.
 */
public final class RiCli {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private final Map<String, Command> commands;

    RiCli() {
        this.commands = commands();
    }

    /** Every command, in the order the usage lists them. Add new commands here. */
    private static Map<String, Command> commands() {
        Map<String, Command> commands = new LinkedHashMap<>();
        for (Command command : List.of(new ValidateCommand(), new StatusCommand(), new StructureCommand(),
                new PodCommand(), new PodGroupsCommand(), new ScaleCommand())) {
            commands.put(command.name(), command);
        }
        return Collections.unmodifiableMap(commands);
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err, Path.of("").toAbsolutePath());
        System.exit(code);
    }

    /**
     * Runs the command line without exiting: the entry point for tests and embedding.
     *
     * @param workingDirectory relative file names are resolved against it
     * @return the exit code
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Path workingDirectory) {
        return new RiCli().execute(Arrays.asList(args), new CliContext(out, err, workingDirectory));
    }

    private int execute(List<String> args, CliContext context) {
        if (args.isEmpty()) {
            usage(context.err(), "no command given");
            return USAGE;
        }
        String name = args.get(0);
        if (name.equals("help") || name.equals("--help") || name.equals("-h")) {
            usage(context.out(), null);
            return OK;
        }
        Command command = commands.get(name);
        if (command == null) {
            usage(context.err(), "unknown command \"" + name + "\"");
            return USAGE;
        }
        try {
            return command.run(args.subList(1, args.size()), context);
        } catch (UsageException e) {
            usage(context.err(), e.getMessage());
            return USAGE;
        } catch (CliFailure failure) {
            context.print(failure.body());
            return FAILED;
        } catch (RuntimeException e) {
            // a bug, not bad input: still answer in JSON, and say what happened
            context.print(CliContext.errorBody(List.of(CliContext.message("internal error: " + e))));
            return FAILED;
        }
    }

    private void usage(PrintStream stream, String problem) {
        if (problem != null) {
            stream.println("ri: " + problem);
        }
        stream.println("usage: ri COMMAND ARGS…");
        stream.println();
        int width = commands.values().stream().mapToInt(c -> (c.name() + " " + c.arguments()).length()).max().orElse(0);
        for (Command command : commands.values()) {
            String synopsis = command.name() + " " + command.arguments();
            stream.println("  ri " + synopsis + " ".repeat(width - synopsis.length() + 2) + command.summary());
        }
        stream.println();
        stream.println("Files may be YAML or JSON. Output is JSON on stdout. Exit codes: 0 success, 1 invalid input or");
        stream.println("failed evaluation (JSON body with \"errors\"), 2 wrong usage.");
        stream.flush();
    }
}
