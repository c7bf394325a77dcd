package io.kindred.ri.jq;

import com.fasterxml.jackson.databind.JsonNode;
import net.thisptr.jackson.jq.Expression;
import net.thisptr.jackson.jq.PathOutput;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.exception.JsonQueryException;
import net.thisptr.jackson.jq.path.Path;

/**
 * A syntax-tree node wrapped so that entering it and every value it produces is charged to the evaluation's
 * {@link Budget}. Nodes that build new values also have those values' sizes checked.
 */
final class Metered implements Expression {

    private final Expression delegate;
    private final boolean buildsValues;

    Metered(Expression delegate, boolean buildsValues) {
        this.delegate = delegate;
        this.buildsValues = buildsValues;
    }

    @Override
    public void apply(Scope scope, JsonNode in, Path ipath, PathOutput output, boolean requirePath) throws JsonQueryException {
        Budget budget = Budget.current();
        if (budget == null) {
            // evaluated outside JqExpression (never in Kindred): no budget to charge
            delegate.apply(scope, in, ipath, output, requirePath);
            return;
        }
        budget.step();
        if (buildsValues) {
            delegate.apply(scope, in, ipath, (out, path) -> {
                budget.step();
                // a filter handing back its own input (select, if …) built nothing new
                if (out != in) {
                    budget.checkValue(out);
                }
                output.emit(out, path);
            }, requirePath);
        } else {
            delegate.apply(scope, in, ipath, (out, path) -> {
                budget.step();
                output.emit(out, path);
            }, requirePath);
        }
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
