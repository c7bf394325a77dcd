package io.kindred.ri.jq;

/**
 * An evaluation stopped because it reached one of the {@link JqLimits}: too many results, too many steps, a value
 * too large, or too much time.
 */
public class JqLimitException extends JqException {

    public JqLimitException(String fieldPath, String expression, String problem) {
        super(fieldPath, expression, null, -1, problem, null);
    }
}
