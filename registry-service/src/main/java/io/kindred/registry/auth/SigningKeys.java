package io.kindred.registry.auth;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import org.jboss.logging.Logger;

/**
 * The RSA key pair the built-in issuer signs its tokens with: read from {@code kindred.auth.token.signing-key-location}
 * when configured (shared by every replica), otherwise generated at start-up (tokens then die with the process).
 */
@ApplicationScoped
public class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class);

    @Inject
    AuthConfig config;

    private PrivateKey privateKey;
    private PublicKey publicKey;
    private String keyId;

    @PostConstruct
    void init() {
        try {
            if (config.token().signingKeyLocation().isPresent()) {
                Path location = Path.of(config.token().signingKeyLocation().get());
                privateKey = readPkcs8(location);
                publicKey = publicOf(privateKey);
                LOG.infof("Token signing key read from %s", location);
            } else {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                privateKey = pair.getPrivate();
                publicKey = pair.getPublic();
                LOG.info("Token signing key generated for this process (set kindred.auth.token.signing-key-location to share one)");
            }
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded());
            keyId = Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 16);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot set up the token signing key: " + e.getMessage(), e);
        }
    }

    static PrivateKey readPkcs8(Path location) throws IOException, GeneralSecurityException {
        String pem = Files.readString(location, StandardCharsets.US_ASCII);
        if (pem.contains("BEGIN RSA PRIVATE KEY")) {
            throw new GeneralSecurityException(location + " holds a PKCS#1 key; convert it with "
                    + "'openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem'");
        }
        String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    private static PublicKey publicOf(PrivateKey key) throws GeneralSecurityException {
        if (!(key instanceof RSAPrivateCrtKey crt)) {
            throw new GeneralSecurityException("The signing key must be an RSA private key with CRT parameters");
        }
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public String keyId() {
        return keyId;
    }
}
