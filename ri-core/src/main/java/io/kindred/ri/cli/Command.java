package io.kindred.ri.cli;

import java.util.List;

/** One {@code ri} sub-command. Implementations are registered in {@link RiCli#commands()}. */
interface Command {

    /** The word that selects the command, e.g. {@code status}. */
    String name();

    /** The arguments after the name, e.g. {@code RI_FILE OBJECT_FILE}. */
    String arguments();

    /** One line saying what the command prints. */
    String summary();

    /**
     * Runs the command.
     *
     * @return the exit code: 0 success, 1 invalid input or failed evaluation (a JSON error body was printed)
     * @throws UsageException for wrong arguments (exit code 2)
     */
    int run(List<String> args, CliContext context);
}
