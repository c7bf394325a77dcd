package io.kindred.ri.validate;

import java.util.List;

/**
 * What {@link RiValidator#check} found.
 *
 * @param errors   what makes the RI invalid: what the reference implementation (run-ai/karta) refuses, and the few
 *                 things Kindred refuses on top because they are a real hazard (size bounds, jq constructs that could
 *                 run away or write, pod groups that would collide) — see ri-core/README.md
 * @param warnings Kindred's stricter findings on an RI the reference accepts (a field the CRD marks required left
 *                 out, a status mapping that maps nothing, a jq function that does not exist …): the RI is valid and
 *                 is evaluated as written, but the finding says what will not work
 */
public record ValidationReport(List<ValidationProblem> errors, List<ValidationProblem> warnings) {

    public ValidationReport {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    public boolean valid() {
        return errors.isEmpty();
    }
}
