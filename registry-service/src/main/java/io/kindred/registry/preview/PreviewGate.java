package io.kindred.registry.preview;

import io.kindred.registry.errors.TooManyRequestsException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.Semaphore;

/** How many previews may run at once ({@code kindred.preview.max-concurrent}); beyond that a request gets a 429. */
@ApplicationScoped
public class PreviewGate {

    @Inject
    PreviewConfig config;

    private Semaphore permits;

    @PostConstruct
    void init() {
        if (config.maxConcurrent() < 1) {
            throw new IllegalStateException("kindred.preview.max-concurrent must be at least 1, was " + config.maxConcurrent());
        }
        permits = new Semaphore(config.maxConcurrent());
    }

    /** Non-blocking. @throws TooManyRequestsException when every permit is taken; else the caller must {@link #leave} */
    public void enter() {
        if (!permits.tryAcquire()) {
            throw new TooManyRequestsException("Too many previews at once.", config.maxConcurrent()
                    + " previews are being evaluated (kindred.preview.max-concurrent); retry in a moment", 1);
        }
    }

    public void leave() {
        permits.release();
    }
}
