package io.kindred.registry.api;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers a request body over {@code quarkus.http.limits.max-body-size} with 413 and Run:ai's error body. Quarkus
 * enforces the limit itself, but answers with an empty body from below the REST layer, where no exception mapper
 * runs; this route sits just in front of that: a body announced too large (Content-Length) is refused at once, and
 * a chunked body (no length) is read here up to the limit and handed to the REST layer already in memory.
 */
@ApplicationScoped
public class BodySizeLimit {

    /** Just before Quarkus' own upload-limit route (RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT = -2). */
    static final int ORDER = -3;
    private static final Set<HttpMethod> BODY_METHODS = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);
    /** How much of a refused body is read and dropped, at most, so the client sees the 413 (see closeOnceSent). */
    static final long MAX_DISCARDED_BYTES = 4L * 1024 * 1024;
    /** How long a client may take to finish sending a refused body before the connection is closed anyway. */
    static final long MAX_DISCARD_MILLIS = 10_000;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    Optional<MemorySize> maxBodySize;

    void install(@Observes Router router) {
        if (maxBodySize.isEmpty()) {
            return;
        }
        long limit = maxBodySize.get().asLongValue();
        BodyHandler chunkedBodies = BodyHandler.create(false).setBodyLimit(limit);
        router.route().order(ORDER)
                .handler(context -> {
                    String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
                    if (declared != null) {
                        long length = parse(declared);
                        if (length > limit) {
                            tooLarge(context, limit, "this request declares " + length);
                        } else {
                            context.next();
                        }
                    } else if (BODY_METHODS.contains(context.request().method())) {
                        chunkedBodies.handle(context); // chunked (HTTP/1.1) or streamed (HTTP/2) without a length
                    } else {
                        context.next();
                    }
                })
                .failureHandler(context -> {
                    if (context.response().ended()) {
                        return; // already answered 413; the client's connection closing is expected, not an error
                    }
                    if (context.statusCode() == 413) {
                        tooLarge(context, limit, "this request sent more");
                    } else {
                        context.next();
                    }
                });
    }

    private static long parse(String declared) {
        try {
            return Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            return -1; // Vert.x refuses a malformed Content-Length itself
        }
    }

    private static void tooLarge(RoutingContext context, long limit, String what) {
        String body = "{\"code\":413,\"message\":\"The request body is too large.\",\"details\":\"At most " + limit
                + " bytes are accepted; " + what + ".\"}";
        context.response()
                .setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(body)
                .onComplete(written -> closeOnceSent(context));
    }

    /**
     * Closes the connection once the client has sent the rest of its refused body, which is read and dropped.
     * Closing while the client is still sending leaves unread bytes behind, and the kernel then resets the
     * connection: the client gets "broken pipe" or "connection reset" instead of the 413. A client that sends more
     * than {@link #MAX_DISCARDED_BYTES} or takes longer than {@link #MAX_DISCARD_MILLIS} is cut off all the same.
     */
    private static void closeOnceSent(RoutingContext context) {
        HttpServerRequest request = context.request();
        HttpConnection connection = request.connection();
        if (request.isEnded()) {
            connection.close();
            return;
        }
        AtomicBoolean closed = new AtomicBoolean();
        AtomicLong discarded = new AtomicLong();
        Runnable close = () -> {
            if (closed.compareAndSet(false, true)) {
                connection.close();
            }
        };
        context.vertx().setTimer(MAX_DISCARD_MILLIS, id -> close.run()); // a no-op if already closed
        request.handler(chunk -> {
            if (discarded.addAndGet(chunk.length()) > MAX_DISCARDED_BYTES) {
                close.run();
            }
        });
        request.exceptionHandler(failure -> close.run());
        request.endHandler(ignored -> close.run());
        request.resume();
    }
}
