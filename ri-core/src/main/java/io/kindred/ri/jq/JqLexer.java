package io.kindred.ri.jq;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * A small lexer for jq source that finds, with their positions, the constructs RI expressions may not use.
 *
 * <p>It knows exactly as much of jq's lexical grammar as it takes to tell a function call from everything that
 * merely looks like one: text inside string literals (but not inside their {@code \(…)} interpolations, which are
 * lexed as expressions), field names ({@code .recurse}, {@code ."recurse"}), variables ({@code $range}), object keys
 * ({@code {range: 1}}, {@code {range}}) and comments. It is the first of two checks: the compiled syntax tree is
 * checked again by {@link JqGuard}, so a lexer blind spot cannot let a construct through — it can only cost the
 * error message its position.
 */
final class JqLexer {

    enum Kind { IDENT, FIELD, VARIABLE, FORMAT, NUMBER, STRING, OPERATOR, OPEN, CLOSE, KEYWORD }

    record Token(Kind kind, String text, int position) {
        boolean is(String s) {
            return text.equals(s);
        }
    }

    /** A construct refused by the lexer. */
    record Violation(String construct, int position, String problem) {
    }

    /** A function call found in the source. */
    record Call(String name, int arity, int position) {
    }

    /**
     * @param undefined the first call of a function jq does not define, when there is no violation (such a call
     *                  fails only when it runs; the rest of the expression is still checked for violations)
     */
    record Result(List<Call> calls, List<String> formats, Violation violation, Call undefined) {
        Result(List<Call> calls, List<String> formats, Violation violation) {
            this(calls, formats, violation, null);
        }
    }

    private static final Set<String> KEYWORDS = Set.of("if", "then", "elif", "else", "end", "as", "def", "reduce",
            "foreach", "try", "catch", "label", "import", "include", "and", "or", "__loc__", "null", "true", "false");
    private static final Set<String> ASSIGNMENTS = Set.of("=", "|=", "+=", "-=", "*=", "/=", "%=", "//=");
    // longest first, so that "//=" wins over "//" and "=="
    private static final String[] OPERATORS = {"?//", "//=", "|=", "+=", "-=", "*=", "/=", "%=", "==", "!=", "<=", ">=",
            "//", "=", "<", ">", "+", "-", "*", "/", "%", "|", ",", ":", ";", "?"};

    private final String source;
    private final int maxDepth;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private int depth;

    private JqLexer(String source, int maxDepth) {
        this.source = source;
        this.maxDepth = maxDepth;
    }

    /** Lexes and checks {@code source}; the result carries the first violation, or the calls and formats used. */
    static Result check(String source, int maxDepth) {
        JqLexer lexer = new JqLexer(source, maxDepth);
        try {
            lexer.lexExpression(false);
        } catch (ViolationFound v) {
            return new Result(List.of(), List.of(), v.violation);
        }
        return lexer.analyse();
    }

    private static final class ViolationFound extends RuntimeException {
        final Violation violation;

        ViolationFound(Violation violation) {
            super(violation.problem(), null, false, false);
            this.violation = violation;
        }
    }

    private static ViolationFound violation(String construct, int position, String problem) {
        return new ViolationFound(new Violation(construct, position, problem));
    }

    // ---- lexing ------------------------------------------------------------------------------------------------

    /**
     * Lexes until the end of input or, inside an interpolation, until the ')' that closes it.
     */
    private void lexExpression(boolean inInterpolation) {
        int parens = 0;
        while (pos < source.length()) {
            char c = source.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '#') {
                while (pos < source.length() && source.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (c == '"') {
                lexString();
            } else if (c == '.') {
                lexDot();
            } else if (c == '$') {
                lexVariable();
            } else if (c == '@') {
                int start = pos++;
                while (pos < source.length() && isIdentPart(source.charAt(pos))) {
                    pos++;
                }
                tokens.add(new Token(Kind.FORMAT, source.substring(start, pos), start));
            } else if (Character.isDigit(c)) {
                lexNumber();
            } else if (isIdentStart(c)) {
                lexIdentifier();
            } else if (c == '(' || c == '[' || c == '{') {
                if (c == '(') {
                    parens++;
                }
                open(String.valueOf(c));
            } else if (c == ')' || c == ']' || c == '}') {
                if (c == ')' && inInterpolation && parens == 0) {
                    tokens.add(new Token(Kind.CLOSE, ")", pos++));
                    depth--;
                    return;
                }
                if (c == ')') {
                    parens--;
                }
                tokens.add(new Token(Kind.CLOSE, String.valueOf(c), pos++));
                depth--;
            } else {
                lexOperator();
            }
        }
    }

    private void open(String text) {
        if (++depth > maxDepth) {
            throw violation(text, pos, "the expression nests brackets, parentheses, braces or interpolations more than "
                    + maxDepth + " deep");
        }
        tokens.add(new Token(Kind.OPEN, text, pos++));
    }

    private void lexString() {
        int start = pos++;
        StringBuilder text = new StringBuilder();
        while (pos < source.length()) {
            char c = source.charAt(pos);
            if (c == '"') {
                pos++;
                tokens.add(new Token(Kind.STRING, text.toString(), start));
                return;
            }
            if (c == '\\' && pos + 1 < source.length()) {
                char next = source.charAt(pos + 1);
                if (next == '(') {
                    // the literal so far, then the interpolated expression as ordinary tokens
                    tokens.add(new Token(Kind.STRING, text.toString(), start));
                    text.setLength(0);
                    pos++;
                    open("(");
                    lexExpression(true);
                    start = pos;
                    continue;
                }
                text.append(c).append(next);
                pos += 2;
                continue;
            }
            text.append(c);
            pos++;
        }
        // unterminated: jackson-jq reports the syntax error
        tokens.add(new Token(Kind.STRING, text.toString(), start));
    }

    private void lexDot() {
        int start = pos;
        if (source.startsWith("..", pos)) {
            throw violation("..", start, "recursive descent (..) is not allowed: it visits every value of the input");
        }
        pos++;
        if (pos < source.length() && isIdentStart(source.charAt(pos))) {
            int nameStart = pos;
            while (pos < source.length() && isIdentPart(source.charAt(pos))) {
                pos++;
            }
            tokens.add(new Token(Kind.FIELD, source.substring(nameStart, pos), start));
        } else if (pos < source.length() && Character.isDigit(source.charAt(pos))) {
            pos = start;
            lexNumber();
        } else {
            tokens.add(new Token(Kind.OPERATOR, ".", start));
        }
    }

    private void lexVariable() {
        int start = pos++;
        while (pos < source.length() && Character.isWhitespace(source.charAt(pos))) {
            pos++;
        }
        int nameStart = pos;
        while (pos < source.length() && isIdentPart(source.charAt(pos))) {
            pos++;
        }
        if (source.startsWith("::", pos)) {
            throw violation("::", pos, "module references (::) are not allowed");
        }
        String name = source.substring(nameStart, pos);
        if (name.equals("ENV") || name.startsWith("__")) {
            throw violation("$" + name, start, "$" + name + " is not allowed: it reads outside the expression's input");
        }
        tokens.add(new Token(Kind.VARIABLE, name, start));
    }

    private void lexNumber() {
        int start = pos;
        while (pos < source.length() && (Character.isDigit(source.charAt(pos)) || source.charAt(pos) == '.')) {
            pos++;
        }
        if (pos < source.length() && (source.charAt(pos) == 'e' || source.charAt(pos) == 'E')) {
            pos++;
            if (pos < source.length() && (source.charAt(pos) == '+' || source.charAt(pos) == '-')) {
                pos++;
            }
            while (pos < source.length() && Character.isDigit(source.charAt(pos))) {
                pos++;
            }
        }
        tokens.add(new Token(Kind.NUMBER, source.substring(start, pos), start));
    }

    private void lexIdentifier() {
        int start = pos;
        while (pos < source.length() && isIdentPart(source.charAt(pos))) {
            pos++;
        }
        if (source.startsWith("::", pos)) {
            throw violation("::", pos, "module references (::) are not allowed");
        }
        String name = source.substring(start, pos);
        if (KEYWORDS.contains(name)) {
            switch (name) {
                case "def" -> throw violation("def", start, "function definitions (def) are not allowed");
                case "reduce", "foreach" -> throw violation(name, start,
                        name + " is not allowed: RI expressions may not loop; use map, select, add, any or all");
                case "label" -> throw violation(name, start, "label/break is not allowed");
                case "import", "include" -> throw violation(name, start, "modules (" + name + ") are not allowed");
                case "__loc__" -> throw violation(name, start, "__loc__ is not allowed");
                default -> tokens.add(new Token(Kind.KEYWORD, name, start));
            }
        } else {
            tokens.add(new Token(Kind.IDENT, name, start));
        }
    }

    private void lexOperator() {
        for (String op : OPERATORS) {
            if (source.startsWith(op, pos)) {
                if (ASSIGNMENTS.contains(op)) {
                    throw violation(op, pos, "the assignment operator " + op + " is not allowed: RI expressions are read-only");
                }
                tokens.add(new Token(Kind.OPERATOR, op, pos));
                pos += op.length();
                return;
            }
        }
        // an unknown character: leave it to jackson-jq's parser to report
        tokens.add(new Token(Kind.OPERATOR, String.valueOf(source.charAt(pos)), pos));
        pos++;
    }

    private static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isIdentPart(char c) {
        return isIdentStart(c) || (c >= '0' && c <= '9');
    }

    // ---- analysis ------------------------------------------------------------------------------------------------

    private Result analyse() {
        List<Call> calls = new ArrayList<>();
        List<String> formats = new ArrayList<>();
        Call undefined = null;
        Deque<String> brackets = new ArrayDeque<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            switch (token.kind()) {
                case OPEN -> brackets.push(token.text());
                case CLOSE -> {
                    if (!brackets.isEmpty()) {
                        brackets.pop();
                    }
                }
                case FORMAT -> {
                    if (!JqFunctions.isAllowedFormat(token.text())) {
                        return new Result(calls, formats, new Violation(token.text(), token.position(),
                                "the format " + token.text() + " is not allowed; allowed formats are "
                                        + String.join(", ", JqFunctions.allowedFormats())));
                    }
                    formats.add(token.text());
                }
                case IDENT -> {
                    if (isObjectKey(i, brackets)) {
                        continue;
                    }
                    int arity = arity(i);
                    Call call = new Call(token.text(), arity, token.position());
                    if (!JqFunctions.isDefined(call.name(), call.arity())) {
                        undefined = undefined == null ? call : undefined;
                        continue;
                    }
                    if (!JqFunctions.isAllowed(call.name(), call.arity())) {
                        return new Result(calls, formats, new Violation(call.name() + "/" + call.arity(),
                                call.position(), JqFunctions.refusal(call.name(), call.arity())));
                    }
                    calls.add(call);
                }
                default -> {
                }
            }
        }
        return new Result(List.copyOf(calls), List.copyOf(formats), null, undefined);
    }

    /** An identifier directly inside braces, after '{' or ',', and followed by ':', ',' or '}' is a key. */
    private boolean isObjectKey(int i, Deque<String> brackets) {
        if (!"{".equals(brackets.peek()) || i == 0 || i + 1 >= tokens.size()) {
            return false;
        }
        Token previous = tokens.get(i - 1);
        Token next = tokens.get(i + 1);
        boolean afterSeparator = previous.is("{") || (previous.kind() == Kind.OPERATOR && previous.is(","));
        boolean beforeValue = (next.kind() == Kind.OPERATOR && (next.is(":") || next.is(","))) || next.is("}");
        return afterSeparator && beforeValue;
    }

    /** The number of arguments of the call at {@code i}: 0 without parentheses, else semicolons + 1. */
    private int arity(int i) {
        if (i + 1 >= tokens.size() || !tokens.get(i + 1).is("(") || tokens.get(i + 1).kind() != Kind.OPEN) {
            return 0;
        }
        int level = 0;
        int arity = 1;
        for (int j = i + 1; j < tokens.size(); j++) {
            Token t = tokens.get(j);
            if (t.kind() == Kind.OPEN) {
                level++;
            } else if (t.kind() == Kind.CLOSE) {
                level--;
                if (level == 0) {
                    break;
                }
            } else if (level == 1 && t.kind() == Kind.OPERATOR && t.is(";")) {
                arity++;
            }
        }
        return arity;
    }

    /** "at column N" for one-line expressions, "at line L, column C" otherwise (both 1-based). */
    static String describePosition(String source, int position) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < position && i < source.length(); i++) {
            if (source.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int column = position - lineStart + 1;
        return source.indexOf('\n') < 0 ? "at column " + column : "at line " + line + ", column " + column;
    }
}
