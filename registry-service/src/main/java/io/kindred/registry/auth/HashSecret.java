package io.kindred.registry.auth;

import io.quarkus.elytron.security.common.BcryptUtil;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Prints the bcrypt hash of a client secret read from standard input (not from the command line, which other users
 * and the shell history can see), for {@code kindred.auth.clients."<id>".secret-hash}:
 *
 * <pre>
 * printf %s "$SECRET" | java -cp "registry-service/target/quarkus-app/lib/main/*:registry-service/target/quarkus-app/app/*" \
 *     io.kindred.registry.auth.HashSecret
 * </pre>
 */
public final class HashSecret {

    private HashSecret() {
    }

    public static void main(String[] args) throws IOException {
        String secret = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (secret == null || secret.isEmpty()) {
            System.err.println("Pipe the secret on standard input, e.g. printf %s \"$SECRET\" | java … HashSecret");
            System.exit(2);
        }
        System.out.println(BcryptUtil.bcryptHash(secret));
    }
}
