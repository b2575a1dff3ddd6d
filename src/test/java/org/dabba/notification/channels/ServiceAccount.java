package org.dabba.notification.channels;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** A Google service-account key as Firebase hands it out, made for the tests with a fresh RSA key pair. */
final class ServiceAccount {

    static final KeyPair KEYS = keys();

    private ServiceAccount() {
    }

    /** The key file's JSON for {@code project}, signed with {@link #KEYS}' private key. */
    static String json(String project, String keyId, String clientEmail) {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(KEYS.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Map<String, String> key = new LinkedHashMap<>();
        key.put("type", "service_account");
        key.put("project_id", project);
        key.put("private_key_id", keyId);
        key.put("private_key", pem);
        key.put("client_email", clientEmail);
        key.put("client_id", "104242424242424242424");
        key.put("auth_uri", "https://accounts.google.com/o/oauth2/auth");
        key.put("token_uri", "https://oauth2.googleapis.com/token");
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KeyPair keys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
