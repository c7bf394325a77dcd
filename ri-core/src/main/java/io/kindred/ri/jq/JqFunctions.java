package io.kindred.ri.jq;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The functions and formats RI expressions may call, by name and arity, and the reasons the most likely other ones
 * are refused.
 *
 * <p>Every allowed function is read-only, deterministic, reads nothing but its input and arguments, and produces at
 * most one output per input — except the generators {@code empty}, {@code values}/{@code arrays}/…/{@code scalars}
 * (at most one each), {@code limit} (bounded by its argument) and {@code first}/{@code last}/{@code nth}
 * (at most one). None of them iterates more than the size of its input, so with no way to loop or recurse the work
 * of an expression is bounded by the sizes of its input and of the values it builds, which
 * {@link JqLimits} caps.
 */
public final class JqFunctions {

    private static final Map<String, Set<Integer>> ALLOWED = new LinkedHashMap<>();
    private static final Map<String, String> REASONS = new LinkedHashMap<>();
    private static final Set<String> FORMATS = Set.of("@text", "@json", "@base64", "@base64d", "@uri", "@html");

    static {
        // filters on any value
        allow("empty", 0);
        allow("not", 0);
        allow("length", 0);
        allow("utf8bytelength", 0);
        allow("type", 0);
        allow("error", 0, 1);
        allow("tostring", 0);
        allow("tonumber", 0);
        allow("tojson", 0);
        allow("fromjson", 0);
        allow("infinite", 0);
        allow("nan", 0);
        allow("isinfinite", 0);
        allow("isnan", 0);
        allow("isnormal", 0);
        // type selectors
        allow("values", 0);
        allow("nulls", 0);
        allow("booleans", 0);
        allow("numbers", 0);
        allow("strings", 0);
        allow("arrays", 0);
        allow("objects", 0);
        allow("iterables", 0);
        allow("scalars", 0);
        allow("select", 1);
        // objects and arrays
        allow("keys", 0);
        allow("keys_unsorted", 0);
        allow("has", 1);
        allow("in", 1);
        allow("map", 1);
        allow("map_values", 1);
        allow("to_entries", 0);
        allow("from_entries", 0);
        allow("with_entries", 1);
        allow("add", 0);
        allow("any", 0, 1, 2);
        allow("all", 0, 1, 2);
        allow("flatten", 0, 1);
        allow("first", 0, 1);
        allow("last", 0, 1);
        allow("nth", 1, 2);
        allow("limit", 2);
        allow("reverse", 0);
        allow("sort", 0);
        allow("sort_by", 1);
        allow("group_by", 1);
        allow("unique", 0);
        allow("unique_by", 1);
        allow("min", 0);
        allow("max", 0);
        allow("min_by", 1);
        allow("max_by", 1);
        allow("contains", 1);
        allow("inside", 1);
        allow("index", 1);
        allow("rindex", 1);
        allow("indices", 1);
        allow("getpath", 1);
        // strings
        allow("ascii_downcase", 0);
        allow("ascii_upcase", 0);
        allow("startswith", 1);
        allow("endswith", 1);
        allow("ltrimstr", 1);
        allow("rtrimstr", 1);
        allow("split", 1);
        allow("join", 1);
        allow("explode", 0);
        allow("implode", 0);
        allow("fromdateiso8601", 0);
        allow("todateiso8601", 0);
        // numbers
        allow("floor", 0);
        allow("ceil", 0);
        allow("round", 0);
        allow("sqrt", 0);
        allow("pow", 2);
        allow("log", 0);
        allow("log2", 0);
        allow("log10", 0);
        allow("exp", 0);
        allow("exp2", 0);
        allow("exp10", 0);

        String generators = "it can generate an unbounded or explosive number of values";
        reason("recurse", "recursion is not allowed: " + generators);
        reason("recurse_down", "recursion is not allowed: " + generators);
        reason("walk", "walk recurses through the whole input and rebuilds it; not allowed");
        reason("paths", "paths enumerates every path of the input; not allowed");
        reason("leaf_paths", "leaf_paths enumerates every path of the input; not allowed");
        reason("path", "path expressions are for updates; RI expressions only read");
        reason("range", "range is not allowed: " + generators);
        reason("repeat", "repeat is not allowed: it loops forever unless stopped");
        reason("while", "while is not allowed: it loops until its condition fails");
        reason("until", "until is not allowed: it loops until its condition holds");
        reason("combinations", "combinations is not allowed: its output grows exponentially");
        reason("transpose", "transpose is not allowed: its cost grows quadratically");
        reason("tostream", "streaming functions are not allowed");
        reason("fromstream", "streaming functions are not allowed");
        reason("truncate_stream", "streaming functions are not allowed");
        String update = "RI expressions are read-only";
        reason("del", "del deletes values; " + update);
        reason("delpaths", "delpaths deletes values; " + update);
        reason("setpath", "setpath writes values; " + update);
        String outside = "it reads outside the expression's input";
        reason("env", "env is not allowed: " + outside);
        reason("input", "input is not allowed: " + outside);
        reason("inputs", "inputs is not allowed: " + outside);
        reason("debug", "debug is not allowed: it writes outside the expression");
        reason("stderr", "stderr is not allowed: it writes outside the expression");
        reason("input_filename", "input_filename is not allowed: " + outside);
        reason("input_line_number", "input_line_number is not allowed: " + outside);
        reason("builtins", "builtins is not allowed: " + outside);
        reason("now", "now is not allowed: status mapping must not depend on the clock");
        reason("halt", "halt is not allowed");
        reason("halt_error", "halt_error is not allowed");
        String regex = "regular expressions are not allowed (a pathological pattern can take exponential time); "
                + "use startswith, endswith, contains, split with a plain string, ltrimstr or rtrimstr";
        for (String name : new String[] {"test", "match", "capture", "scan", "splits", "sub", "gsub"}) {
            reason(name, regex);
        }
    }

    private JqFunctions() {
    }

    private static void allow(String name, Integer... arities) {
        ALLOWED.put(name, Set.of(arities));
    }

    private static void reason(String name, String reason) {
        REASONS.put(name, reason);
    }

    /** True when {@code name/arity} may be called from an RI expression. */
    public static boolean isAllowed(String name, int arity) {
        Set<Integer> arities = ALLOWED.get(name);
        return arities != null && arities.contains(arity);
    }

    /**
     * True when {@code name/arity} is one of jq's functions — allowed or refused — as opposed to a name jq does not
     * define at all (a call of which fails only when it runs, see {@link JqUndefinedFunctionException}).
     */
    public static boolean isDefined(String name, int arity) {
        return isAllowed(name, arity) || REASONS.containsKey(name) || (name.equals("split") && arity == 2)
                || JqRuntime.ROOT.getFunction(name, arity) != null;
    }

    /** True when the format ({@code @base64}, …) may be used. */
    public static boolean isAllowedFormat(String format) {
        return FORMATS.contains(format);
    }

    /** Every allowed function as {@code name/arity}, sorted. */
    public static Set<String> allowed() {
        Set<String> all = new TreeSet<>();
        ALLOWED.forEach((name, arities) -> arities.forEach(a -> all.add(name + "/" + a)));
        return Collections.unmodifiableSet(all);
    }

    /** The allowed formats. */
    public static Set<String> allowedFormats() {
        return new TreeSet<>(FORMATS);
    }

    /** A sentence explaining why {@code name/arity} is refused. */
    static String refusal(String name, int arity) {
        if (name.equals("split") && arity == 2) {
            return REASONS.get("splits");
        }
        String reason = REASONS.get(name);
        if (reason != null) {
            return reason;
        }
        Set<Integer> arities = ALLOWED.get(name);
        if (arities != null) {
            return "function " + name + "/" + arity + " is not allowed; " + name + " may be called with "
                    + new TreeSet<>(arities).stream().map(a -> a + " argument" + (a == 1 ? "" : "s"))
                    .reduce((a, b) -> a + " or " + b).orElse("");
        }
        return "function " + name + "/" + arity + " is not in the allow-list of RI expressions";
    }
}
