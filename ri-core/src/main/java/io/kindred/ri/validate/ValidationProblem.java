package io.kindred.ri.validate;

/**
 * One problem with an RI.
 *
 * @param path    JSON path of the offending field, e.g. {@code spec.structureDefinition.childComponents[1].ownerRef}
 * @param message a sentence saying what is wrong
 */
public record ValidationProblem(String path, String message) {

    @Override
    public String toString() {
        return path == null || path.isEmpty() ? message : path + ": " + message;
    }
}
