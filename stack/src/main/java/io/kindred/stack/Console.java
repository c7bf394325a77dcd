package io.kindred.stack;

import java.io.PrintStream;

/** Output for a person: ANSI colours on a terminal, plain text when piped or when {@code NO_COLOR} is set. */
public final class Console {

    public enum Colour {
        RED("31"), GREEN("32"), YELLOW("33"), BLUE("34"), MAGENTA("35"), CYAN("36"), GREY("90"), BOLD("1");

        final String code;

        Colour(String code) {
            this.code = code;
        }
    }

    private final PrintStream out;
    private final boolean colours;

    public Console(PrintStream out, boolean colours) {
        this.out = out;
        this.colours = colours;
    }

    /** Colours when stdout is a terminal (System.console() is only non-null then), TERM is not dumb, NO_COLOR unset. */
    public static Console system() {
        boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"))
                && System.getenv("NO_COLOR") == null;
        return new Console(System.out, terminal);
    }

    public String paint(Colour colour, String text) {
        return colours ? "\u001b[" + colour.code + "m" + text + "\u001b[0m" : text;
    }

    public synchronized void println(String line) {
        out.println(line);
        out.flush();
    }

    public PrintStream stream() {
        return out;
    }
}
