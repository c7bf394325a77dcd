package io.kindred.ri.model;

import java.util.List;

/**
 * One way a status can be recognised. Everything it names must hold (AND); a matcher that names nothing matches.
 */
public record StatusMatcher(String byPhase, List<ExpectedCondition> byConditions, ExpressionMatcher byExpression) {

    public StatusMatcher {
        byConditions = Lists.copy(byConditions);
    }
}
