package io.kindred.events.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

import org.apache.avro.Schema;

/** Schema fixtures under {@code src/test/resources/compat-fixtures}. */
final class Fixtures {

    private Fixtures() {
    }

    static Path path(String relativePath) {
        URL url = Fixtures.class.getResource("/compat-fixtures/" + relativePath);
        if (url == null) {
            throw new IllegalArgumentException("No test fixture compat-fixtures/" + relativePath);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Fixture URL is not a file: " + url, e);
        }
    }

    static Schema schema(String relativePath) {
        try {
            return new Schema.Parser().parse(path(relativePath).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
