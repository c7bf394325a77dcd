package io.kindred.scheduleradapter.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * An API server front for the load harness ({@code -Dbench.api=constant}): it answers the adapter's PodGroup
 * server-side applies itself, at once (the applied object is the request's body, echoed), and forwards every other
 * request — lists, watches (HTTP or WebSocket), discovery, the Lease, Events — to the devstack's mock API server.
 *
 * <p>Why: the mock API server does all its work on one event-loop thread, and for every PodGroup it parses, stores and
 * re-serializes the object once per request and once per watch; measured on the quiet 2-core machine, that thread is
 * what bounds the all-in-one harness (~200 workloads/s), not the adapter. With this front the adapter's own ceiling is
 * observed instead: what it costs to decode a status event, plan and render the gang, send one server-side apply and
 * publish the directive. The groups never reach the mock, so the adapter's PodGroup cache stays empty: every status
 * event of the harness is a new workload, whose group is written in any case.
 */
final class ConstantTimePodGroups implements AutoCloseable {

    private static final Pattern POD_GROUP = Pattern.compile("/apis/[^/]+/[^/]+/namespaces/[^/]+/podgroups/[^/?]+");
    private static final Pattern WORKLOAD_UID = Pattern.compile(
            "\"" + Pattern.quote(io.kindred.scheduleradapter.backend.Backend.WORKLOAD_UID_LABEL) + "\"\\s*:\\s*\"([^\"]+)\"");
    /** Hop-by-hop headers and those the front recomputes. */
    private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "keep-alive", "transfer-encoding",
            "content-length", "upgrade", "sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions",
            "sec-websocket-accept");

    private final Vertx vertx;
    private final HttpServer server;
    private final HttpClient upstream;
    private final BiConsumer<String, Long> applied;
    private final AtomicLong applies = new AtomicLong();

    private ConstantTimePodGroups(Vertx vertx, HttpServer server, HttpClient upstream, BiConsumer<String, Long> applied) {
        this.vertx = vertx;
        this.server = server;
        this.upstream = upstream;
        this.applied = applied;
    }

    /**
     * @param upstream the mock API server's URL (plain HTTP)
     * @param applied  called with the workload UID label of every PodGroup applied, and when (nanoTime)
     */
    static ConstantTimePodGroups start(URI upstream, BiConsumer<String, Long> applied) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(upstream.getHost())
                .setDefaultPort(upstream.getPort()).setMaxPoolSize(64).setKeepAlive(true));
        HttpServer server = vertx.createHttpServer();
        ConstantTimePodGroups front = new ConstantTimePodGroups(vertx, server, client, applied);
        server.requestHandler(front::handle);
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        return front;
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** PodGroup applies answered so far. */
    long applies() {
        return applies.get();
    }

    private void handle(HttpServerRequest request) {
        if (request.method() == HttpMethod.PATCH && POD_GROUP.matcher(request.path()).matches()) {
            request.body().onSuccess(body -> {
                long at = System.nanoTime();
                applies.incrementAndGet();
                Matcher uid = WORKLOAD_UID.matcher(body.toString(StandardCharsets.UTF_8));
                if (uid.find()) {
                    applied.accept(uid.group(1), at);
                }
                request.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body);
            });
            return;
        }
        if ("websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE))) {
            proxyWebSocket(request);
            return;
        }
        proxy(request);
    }

    private void proxy(HttpServerRequest request) {
        // request bodies here are small (a Lease, an Event): read whole, then forwarded; responses are streamed
        request.body().onFailure(e -> fail(request.response(), e)).onSuccess(body -> {
            RequestOptions options = new RequestOptions().setMethod(request.method()).setURI(request.uri());
            upstream.request(options).onFailure(e -> fail(request.response(), e)).onSuccess(out -> {
                copyHeaders(request.headers(), out.headers());
                (body.length() == 0 ? out.send() : out.send(body)).onFailure(e -> fail(request.response(), e))
                        .onSuccess(in -> {
                            HttpServerResponse response = request.response().setStatusCode(in.statusCode());
                            copyHeaders(in.headers(), response.headers());
                            String length = in.getHeader(HttpHeaders.CONTENT_LENGTH);
                            if (length != null) {
                                response.putHeader(HttpHeaders.CONTENT_LENGTH, length);
                            } else {
                                response.setChunked(true); // a watch streams until either side closes
                            }
                            in.pipeTo(response);
                        });
            });
        });
    }

    private void proxyWebSocket(HttpServerRequest request) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        copyHeaders(request.headers(), headers);
        WebSocketConnectOptions options = new WebSocketConnectOptions().setURI(request.uri()).setHeaders(headers);
        String protocols = request.getHeader("Sec-WebSocket-Protocol");
        if (protocols != null) {
            options.setSubProtocols(java.util.List.of(protocols.split("\\s*,\\s*")));
        }
        // accepted at once (Vert.x upgrades only a request not yet read), held paused until the upstream answers
        request.toWebSocket().onSuccess(client -> {
            client.pause();
            upstream.webSocket(options).onFailure(e -> client.close((short) 1011, "upstream: " + e.getMessage()))
                    .onSuccess(upstreamSocket -> {
                        pipe(client, upstreamSocket);
                        client.resume();
                    });
        });
    }

    private static void pipe(ServerWebSocket client, io.vertx.core.http.WebSocket upstreamSocket) {
        upstreamSocket.frameHandler(client::writeFrame);
        client.frameHandler(upstreamSocket::writeFrame);
        upstreamSocket.closeHandler(v -> {
            if (!client.isClosed()) {
                client.close();
            }
        });
        client.closeHandler(v -> {
            if (!upstreamSocket.isClosed()) {
                upstreamSocket.close();
            }
        });
    }

    private static void copyHeaders(MultiMap from, MultiMap to) {
        from.forEach(header -> {
            if (!NOT_FORWARDED.contains(header.getKey().toLowerCase(java.util.Locale.ROOT))) {
                to.add(header.getKey(), header.getValue());
            }
        });
    }

    private static void fail(HttpServerResponse response, Throwable e) {
        if (!response.headWritten()) {
            response.setStatusCode(502).end(Buffer.buffer("constant-time front: " + e.getMessage()));
        } else {
            response.reset();
        }
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
