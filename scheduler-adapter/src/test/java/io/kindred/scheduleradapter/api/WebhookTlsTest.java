package io.kindred.scheduleradapter.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.kindred.devstack.quarkus.DevstackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/**
 * The webhook over TLS as the API server calls it: the certificate and key are PEM files named by
 * {@code quarkus.http.ssl.certificate.files} / {@code key-files} (what the deployment mounts from the cert-manager
 * Secret, env {@code QUARKUS_HTTP_SSL_CERTIFICATE_FILES} / {@code _KEY_FILES}), generated here for {@code localhost}
 * with the JDK's keytool. A client that trusts that certificate gets the AdmissionReview answer over HTTPS; one that
 * does not is refused at the handshake.
 */
@QuarkusTest
@WithTestResource(DevstackTestResource.class)
@TestProfile(WebhookTlsTest.Tls.class)
class WebhookTlsTest {

    private static final String PASSWORD = "changeit";

    /** The generated keystore (PKCS12), certificate and key, made once per JVM. */
    static final class Material {
        static final Path DIR;
        static final Path KEYSTORE;

        static {
            try {
                DIR = Files.createTempDirectory("adapter-tls");
                KEYSTORE = DIR.resolve("webhook.p12");
                Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                        "-genkeypair", "-alias", "webhook", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                        "-storetype", "PKCS12", "-keystore", KEYSTORE.toString(),
                        "-storepass", PASSWORD, "-keypass", PASSWORD).redirectErrorStream(true).start();
                String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                    throw new IllegalStateException("keytool failed: " + output);
                }
                KeyStore store = keyStore();
                Certificate certificate = store.getCertificate("webhook");
                PrivateKey key = (PrivateKey) store.getKey("webhook", PASSWORD.toCharArray());
                Files.writeString(DIR.resolve("tls.crt"), pem("CERTIFICATE", certificate.getEncoded()));
                Files.writeString(DIR.resolve("tls.key"), pem("PRIVATE KEY", key.getEncoded()));
            } catch (Exception e) {
                throw new IllegalStateException("cannot make the test certificate", e);
            }
        }

        static KeyStore keyStore() throws Exception {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(KEYSTORE)) {
                store.load(in, PASSWORD.toCharArray());
            }
            return store;
        }

        private static String pem(String type, byte[] der) {
            return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(der) + "\n-----END " + type + "-----\n";
        }
    }

    public static class Tls implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.ssl.certificate.files", Material.DIR.resolve("tls.crt").toString(),
                    "quarkus.http.ssl.certificate.key-files", Material.DIR.resolve("tls.key").toString(),
                    "mp.messaging.incoming.workload-status.group.id", "adapter-tls-test");
        }
    }

    @TestHTTPResource(value = "/admission/pods", tls = true)
    URL admission;

    private static final String REVIEW = """
            {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"tls-1",
             "kind":{"group":"","version":"v1","kind":"Pod"},"operation":"CREATE","namespace":"default",
             "object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},
               "spec":{"containers":[{"name":"c","image":"i"}]}}}}
            """;

    @Test
    void anAdmissionReviewIsAnsweredOverHttpsWithTheMountedCertificate() throws Exception {
        assertThat(admission.getProtocol()).isEqualTo("https");
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(Material.keyStore());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        HttpClient client = HttpClient.newBuilder().sslContext(context).build();
        HttpResponse<String> response = client.send(request(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"uid\":\"tls-1\"").contains("\"allowed\":true");
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateIsRefusedAtTheHandshake() {
        HttpClient client = HttpClient.newBuilder().build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.send(request(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(SSLHandshakeException.class);
    }

    private HttpRequest request() {
        return HttpRequest.newBuilder(URI.create(admission.toString())).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(REVIEW)).build();
    }
}
