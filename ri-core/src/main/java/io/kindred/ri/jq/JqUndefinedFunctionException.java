package io.kindred.ri.jq;

/**
 * A jq expression that parses but calls a function jq does not have, e.g. {@code .metadata.labels.service-name}
 * (jq reads it as {@code .metadata.labels.service - name}, and there is no {@code name/0}). jq itself only finds this
 * out when the expression runs, and so does the reference implementation: an RI holding such an expression is valid
 * (with a warning), and the expression fails — alone, with its field path — whenever it is evaluated.
 */
public class JqUndefinedFunctionException extends JqException {

    public JqUndefinedFunctionException(String fieldPath, String expression, String function, int position) {
        super(fieldPath, expression, function, position, "function " + function + " is not defined in jq", null);
    }
}
