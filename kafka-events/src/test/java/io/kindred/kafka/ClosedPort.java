package io.kindred.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** A local port nothing listens on (bound and released at once), to stand for a broker that is down. */
final class ClosedPort {

    private ClosedPort() {
    }

    static int find() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
