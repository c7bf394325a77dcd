package io.kindred.ri;

import io.kindred.ri.model.ResourceInterfaceSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The karta example RIs copied into src/test/resources/karta-examples. */
public final class KartaExamples {

    /** Every example that is valid YAML (all but mpijob). */
    public static final List<String> PARSEABLE = List.of("dynamo", "jobset", "knative-serving", "kserve", "lws",
            "milvus", "nimservice", "pytorch", "raycluster", "rayjob");

    private KartaExamples() {
    }

    public static String text(String name) {
        try (InputStream in = KartaExamples.class.getResourceAsStream("/karta-examples/" + name + ".yaml")) {
            if (in == null) {
                throw new IllegalArgumentException("no example " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ResourceInterfaceSpec spec(String name) {
        return RiParser.parse(text(name));
    }
}
