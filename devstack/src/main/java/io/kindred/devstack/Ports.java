package io.kindred.devstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Port preferences. Tests always take random ports (several builds may run side by side); bin/devstack prefers the
 * well-known ports so services' defaults work without the env file, and falls back to a random port when one is taken.
 */
public record Ports(int kafka, int postgres, int schemaRegistry, int kubernetes) {

    /** 0 everywhere: every backend binds a free port chosen by the OS. */
    public static final Ports RANDOM = new Ports(0, 0, 0, 0);
    /** The ports services use by default; the Kubernetes API gets 6443 as on a kubeadm/k3s control plane. */
    public static final Ports WELL_KNOWN = new Ports(9092, 5432, 8085, 6443);

    private static final Logger LOG = LoggerFactory.getLogger(Ports.class);

    /** Replaces each taken preferred port by 0 (random), saying so. */
    public Ports orRandomWhenTaken() {
        return new Ports(freeOrRandom(kafka, "Kafka"), freeOrRandom(postgres, "PostgreSQL"),
                freeOrRandom(schemaRegistry, "schema registry"), freeOrRandom(kubernetes, "Kubernetes API"));
    }

    static int freeOrRandom(int preferred, String what) {
        if (preferred == 0 || isFree(preferred)) {
            return preferred;
        }
        LOG.warn("Port {} for {} is taken; using a random port instead (see the env file for the one chosen)",
                preferred, what);
        return 0;
    }

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName("localhost"), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
