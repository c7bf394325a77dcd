package io.kindred.devstack.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.kindred.devstack.backend.BackendSource;

/**
 * An in-memory stand-in for the part of the Apicurio Registry 3 core REST API ({@code /apis/registry/v3}) that the
 * Apicurio serdes 3.1.x and simple tooling use:
 * <ul>
 * <li>{@code POST /groups/{g}/artifacts?ifExists=FAIL|CREATE_VERSION|FIND_OR_CREATE_VERSION&canonical=} (serializer
 * auto-register), {@code GET /groups/{g}/artifacts}, {@code GET|DELETE /groups/{g}/artifacts/{a}}</li>
 * <li>{@code GET|POST /groups/{g}/artifacts/{a}/versions}, {@code GET .../versions/{version|branch=latest}}
 * (find-latest), {@code .../content}, {@code .../references}</li>
 * <li>{@code GET /ids/globalIds/{id}}, {@code /ids/contentIds/{id}}, {@code /ids/contentHashes/{hash}} and their
 * {@code /references} (deserializer look-ups)</li>
 * <li>{@code POST /search/versions} with the content as body (look-up by content), {@code GET /search/versions}</li>
 * <li>{@code GET /system/info}</li>
 * </ul>
 * Anything else is answered 404 (unknown path) or 405 (known path, other method) with a JSON problem body; malformed
 * input gets 400 naming the field. No rules, no authentication, no drafts, one branch ({@code latest}).
 * <p>
 * This class is the server (start, stop, read a request, write the answer); {@link RegistryRouter} picks the
 * endpoint, {@link RegistryEndpoints} does its work on the {@link RegistryStore}, {@link RequestBodies} and
 * {@link QueryParameters} read the input and {@link RegistryJson} writes the v3 API's JSON shapes.
 */
public final class SchemaRegistryStandIn implements SchemaRegistryBackend {

    public static final String API_PATH = "/apis/registry/v3";
    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryStandIn.class);
    private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    private final RegistryRouter router = new RegistryRouter(new RegistryEndpoints(new RegistryStore()));
    private final HttpServer server;
    private final ExecutorService executor;
    private final String apiUrl;
    private boolean closed;

    private SchemaRegistryStandIn(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
        this.apiUrl = "http://localhost:" + server.getAddress().getPort() + API_PATH;
    }

    /**
     * Starts serving on localhost.
     *
     * @param port the port to listen on, or 0 for a free one
     */
    public static SchemaRegistryStandIn start(int port) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("localhost"), port), 64);
        } catch (IOException e) {
            throw new IllegalStateException("The schema registry stand-in could not listen"
                    + (port != 0 ? " on port " + port : ""), e);
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "schema-registry-stand-in-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        SchemaRegistryStandIn standIn = new SchemaRegistryStandIn(server, executor);
        server.createContext("/", standIn::handle);
        server.start();
        LOG.info("Schema registry stand-in (Apicurio v3 API subset) ready at {}", standIn.apiUrl);
        return standIn;
    }

    @Override
    public String apiUrl() {
        return apiUrl;
    }

    @Override
    public BackendSource source() {
        return BackendSource.EMBEDDED;
    }

    @Override
    public String description() {
        return "Schema registry stand-in (in-memory Apicurio Registry v3 API subset) at " + apiUrl;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Schema registry stand-in at {} stopped", apiUrl);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // HTTP

    private void handle(HttpExchange exchange) {
        try (exchange) {
            RegistryResponse response;
            try {
                byte[] body = readBody(exchange);
                response = router.route(new RegistryRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Content-Type"),
                        body));
            } catch (RegistryProblem problem) {
                response = RegistryResponse.problem(problem, exchange.getRequestURI().getPath());
            } catch (RuntimeException e) {
                LOG.warn("Schema registry stand-in failed on {} {}", exchange.getRequestMethod(),
                        exchange.getRequestURI(), e);
                response = RegistryResponse.problem(new RegistryProblem(500, "InternalServerError", String.valueOf(e)),
                        exchange.getRequestURI().getPath());
            }
            LOG.debug("{} {} -> {}", exchange.getRequestMethod(), exchange.getRequestURI(), response.status());
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            if (response.body().length == 0) {
                exchange.sendResponseHeaders(response.status(), -1);
            } else {
                exchange.sendResponseHeaders(response.status(), response.body().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
        } catch (IOException e) {
            LOG.debug("Schema registry stand-in lost a connection", e);
        }
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new RegistryProblem(413, "PayloadTooLargeException",
                        "Request body exceeds " + MAX_BODY_BYTES + " bytes");
            }
            return body;
        }
    }
}
