package io.kindred.devstack.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes the kubeconfig that lets another process (kubectl, a Quarkus service via KUBECONFIG) reach a server. */
public final class Kubeconfigs {

    public static final String CONTEXT = "kindred-devstack";

    private Kubeconfigs() {
    }

    /**
     * A kubeconfig with one cluster, one user with the mock server's (unchecked) token
     * ({@link KubernetesBackend#MOCK_TOKEN}) and one current context for that server and namespace.
     */
    public static String render(String apiServerUrl, String namespace) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster:
                    server: %2$s
                users:
                - name: %1$s
                  user: {token: %4$s}
                contexts:
                - name: %1$s
                  context:
                    cluster: %1$s
                    user: %1$s
                    namespace: %3$s
                current-context: %1$s
                """.formatted(CONTEXT, apiServerUrl, namespace, KubernetesBackend.MOCK_TOKEN);
    }

    /** Writes {@link #render} to {@code file} atomically (readers never see half a file). */
    public static Path write(Path file, String apiServerUrl, String namespace) {
        try {
            Path directory = file.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, ".kubeconfig", ".tmp");
            Files.writeString(temporary, render(apiServerUrl, namespace));
            return Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write kubeconfig " + file, e);
        }
    }
}
