package io.kindred.ri.jq;

/**
 * A jq expression that uses a construct RIs may not use: one that writes, recurses, loops, reads outside its input,
 * or a function outside the allow-list. Thrown by {@link JqExpression#compile}.
 */
public class JqSafetyException extends JqException {

    public JqSafetyException(String fieldPath, String expression, String construct, int position, String problem) {
        super(fieldPath, expression, construct, position, problem, null);
    }
}
