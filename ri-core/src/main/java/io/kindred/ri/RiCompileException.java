package io.kindred.ri;

import io.kindred.ri.validate.ValidationProblem;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An RI whose jq expressions cannot all be compiled: invalid jq, or a construct refused by the jq safety rules.
 * Carries every such problem, each with the path of its field.
 */
public class RiCompileException extends RuntimeException {

    private final List<ValidationProblem> problems;

    public RiCompileException(List<ValidationProblem> problems) {
        super(problems.size() == 1 ? problems.get(0).toString()
                : problems.size() + " jq expressions cannot be compiled: "
                + problems.stream().map(ValidationProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<ValidationProblem> getProblems() {
        return problems;
    }
}
