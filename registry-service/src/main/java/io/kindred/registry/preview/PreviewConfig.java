package io.kindred.registry.preview;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Bounds of the preview endpoint ({@code kindred.preview.*}). It is open to viewers and evaluates an RI of the
 * caller's choosing, up to hundreds of jq expressions each bounded by ri-core's per-expression limits; these bound one
 * request as a whole and how many run at once.
 */
@ConfigMapping(prefix = "kindred.preview")
public interface PreviewConfig {

    /** Previews evaluated at the same time; more are answered 429 with Retry-After. */
    @WithDefault("4")
    int maxConcurrent();

    Budget budget();

    interface Budget {
        /** jq steps of all the request's evaluations together (one expression may take at most 200,000). */
        @WithDefault("1000000")
        long steps();

        /** Wall-clock time of all the request's evaluations together (one expression may take at most 1 s). */
        @WithDefault("PT2S")
        Duration time();
    }
}
