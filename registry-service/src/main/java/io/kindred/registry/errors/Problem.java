package io.kindred.registry.errors;

import java.util.List;
import java.util.stream.Collectors;

/** One thing wrong with a request, at a JSON path of the request body (e.g. {@code resourceInterfaces[0].spec.structureDefinition}). */
public record Problem(String path, String message) {

    @Override
    public String toString() {
        return path == null || path.isEmpty() ? message : path + ": " + message;
    }

    static String describe(List<Problem> problems) {
        return problems.stream().map(Problem::toString).collect(Collectors.joining("\n"));
    }
}
