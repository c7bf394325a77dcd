package io.kindred.ri.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A failure whose JSON body is printed on stdout, with exit code 1. */
final class CliFailure extends RuntimeException {
    private final transient ObjectNode body;

    CliFailure(ObjectNode body) {
        super(body.toString(), null, false, false);
        this.body = body;
    }

    ObjectNode body() {
        return body;
    }
}
