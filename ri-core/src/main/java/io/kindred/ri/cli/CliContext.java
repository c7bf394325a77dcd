package io.kindred.ri.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kindred.ri.CompiledResourceInterface;
import io.kindred.ri.RiCompileException;
import io.kindred.ri.RiParseException;
import io.kindred.ri.RiParser;
import io.kindred.ri.model.ResourceInterfaceSpec;
import io.kindred.ri.validate.RiValidator;
import io.kindred.ri.validate.ValidationReport;
import io.kindred.ri.validate.ValidationProblem;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * What commands share: the streams, the working directory, reading RI and object files, printing JSON, and
 * turning failures into the JSON error body {@code {"errors":[{"path","message"}]}}.
 */
final class CliContext {

    /** Largest workload object or pod file read, in bytes. */
    static final int MAX_OBJECT_BYTES = 16 * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final PrintStream out;
    private final PrintStream err;
    private final Path workingDirectory;

    CliContext(PrintStream out, PrintStream err, Path workingDirectory) {
        this.out = out;
        this.err = err;
        this.workingDirectory = workingDirectory;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    /** Prints a JSON document on stdout. */
    void print(JsonNode json) {
        try {
            out.println(JSON.writeValueAsString(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print JSON", e);
        }
        out.flush();
    }

    /** Reads and parses an RI file, or fails with the parse error as the JSON body. */
    ResourceInterfaceSpec readRi(String file) {
        byte[] bytes = readFile(file, RiParser.MAX_DOCUMENT_BYTES, "RI");
        try {
            return RiParser.parse(bytes);
        } catch (RiParseException e) {
            throw new CliFailure(errorBody(List.of(parseProblem(file, e))));
        }
    }

    /** Reads a workload object or pod file (YAML or JSON). */
    JsonNode readObject(String file, String what) {
        byte[] bytes = readFile(file, MAX_OBJECT_BYTES, what);
        try {
            return RiParser.readDocument(bytes, MAX_OBJECT_BYTES, what);
        } catch (RiParseException e) {
            throw new CliFailure(errorBody(List.of(parseProblem(file, e))));
        }
    }

    /**
     * Compiles an RI for evaluation. Validation errors and warnings do not stop evaluation (the RI is evaluated as
     * given) but are reported on stderr; an expression that does not compile fails only where it is evaluated.
     */
    CompiledResourceInterface compileForEvaluation(ResourceInterfaceSpec spec) {
        ValidationReport report = RiValidator.check(spec);
        if (!report.errors().isEmpty()) {
            err.println("warning: the RI is not valid; evaluating it as given:");
            report.errors().forEach(p -> err.println("  " + p));
        }
        report.warnings().forEach(p -> err.println("warning: " + p));
        try {
            return CompiledResourceInterface.compile(spec);
        } catch (RiCompileException e) {
            throw new CliFailure(errorBody(e.getProblems().stream().map(CliContext::problem).toList()));
        }
    }

    private byte[] readFile(String file, int maxBytes, String what) {
        Path path = workingDirectory.resolve(file);
        try {
            long size = Files.size(path);
            if (size > maxBytes) {
                throw new CliFailure(errorBody(List.of(message(file + ": the " + what + " file is " + size
                        + " bytes; at most " + maxBytes + " are read"))));
            }
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new CliFailure(errorBody(List.of(message(file + ": no such file"))));
        } catch (IOException e) {
            throw new CliFailure(errorBody(List.of(message(file + ": cannot read the " + what + " file: " + e.getMessage()))));
        }
    }

    static ObjectNode errorBody(List<ObjectNode> problems) {
        ObjectNode body = NODES.objectNode();
        ArrayNode errors = body.putArray("errors");
        problems.forEach(errors::add);
        return body;
    }

    static ObjectNode problem(ValidationProblem problem) {
        ObjectNode node = NODES.objectNode();
        if (problem.path() != null) {
            node.put("path", problem.path());
        }
        node.put("message", problem.message());
        return node;
    }

    static ObjectNode message(String message) {
        return NODES.objectNode().put("message", message);
    }

    /** A parse error as a problem: path when the error is tied to a field, else line and column. */
    static ObjectNode parseProblem(String file, RiParseException e) {
        ObjectNode node = NODES.objectNode();
        if (e.getPath() != null && !e.getPath().isEmpty()) {
            node.put("path", e.getPath());
        }
        if (e.getLine() > 0) {
            node.put("line", e.getLine());
            if (e.getColumn() > 0) {
                node.put("column", e.getColumn());
            }
        }
        String where = e.getLine() > 0 ? ":" + e.getLine() + (e.getColumn() > 0 ? ":" + e.getColumn() : "") : "";
        node.put("message", file + where + ": " + e.getProblem());
        return node;
    }
}
