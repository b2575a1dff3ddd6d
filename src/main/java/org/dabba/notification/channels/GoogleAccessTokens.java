package org.dabba.notification.channels;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.dabba.platform.Text;
import org.dabba.platform.Time;

/**
 * OAuth2 access tokens for Google APIs (FCM) from a service account's key, the JSON file Firebase gives: the
 * two-legged JWT-bearer grant. A JWT naming the account, the scope and the token endpoint, signed RS256 with the
 * key's private key, is exchanged at the key's {@code token_uri} for an access token of about an hour. One token
 * per account serves every send until shortly before it expires; concurrent sends wait for one refresh. Kamelet
 * {@code dabba-fcm-push-sink} calls {@link #authorize(Exchange)} as the bean {@code googleAccessTokens}.
 *
 * <p>The token request goes through Camel's http component like the sends, so a refusal fails the send with an
 * HttpOperationFailedException carrying Google's status (5xx: try again later) and no answer with an IOException.
 */
@ApplicationScoped
@Named("googleAccessTokens")
public class GoogleAccessTokens {

    /** The key's JSON content; removed before anything leaves. */
    public static final String KEY_HEADER = "DabbaGoogleServiceAccountKey";
    /** Or a file holding it. */
    public static final String KEY_FILE_HEADER = "DabbaGoogleServiceAccountKeyFile";
    /** Overrides the key's token_uri when set. */
    public static final String TOKEN_URI_HEADER = "DabbaGoogleTokenUri";
    public static final String FCM_SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
    static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    /** Google's assertions may live an hour at most. */
    static final long ASSERTION_LIFETIME_SECONDS = 3600;
    /** How long before its expiry a token is replaced, at most (and at most half its life). */
    static final long REFRESH_AHEAD_SECONDS = 60;
    private static final String TOKEN_PROPERTY = "DabbaGoogleTokenKey";

    private static final ObjectMapper LENIENT = new ObjectMapper()
            // A key given through a properties file arrives with its "\n"s already turned into line breaks.
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS.mappedFeature());

    private static final Map<String, Cached> TOKENS = new ConcurrentHashMap<>();

    private final Map<String, ServiceAccount> accounts = new ConcurrentHashMap<>();

    @Inject
    ObjectMapper mapper;

    @Inject
    ProducerTemplate producer;

    /** A service account's key: who signs, with what, and where tokens are had. */
    record ServiceAccount(String clientEmail, String privateKeyId, PrivateKey privateKey, String tokenUri) {
    }

    record Token(String value, Instant refreshAt) {
    }

    /** One account's token at one endpoint; its lock makes concurrent sends share one refresh. */
    static final class Cached {
        private Token token;

        synchronized String get(TokenSource source) throws Exception {
            Instant now = Time.now();
            if (token == null || !now.isBefore(token.refreshAt())) {
                token = source.fetch(now);
            }
            return token.value();
        }

        synchronized void forget() {
            token = null;
        }
    }

    @FunctionalInterface
    interface TokenSource {
        Token fetch(Instant now) throws Exception;
    }

    /** Sets {@code Authorization: Bearer <access token>} from the key in the headers (which it removes). */
    public void authorize(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        String key = Text.blankToNull(message.getHeader(KEY_HEADER, String.class));
        String keyFile = Text.blankToNull(message.getHeader(KEY_FILE_HEADER, String.class));
        String tokenUriOverride = Text.blankToNull(message.getHeader(TOKEN_URI_HEADER, String.class));
        message.removeHeaders("DabbaGoogle*");
        if (key == null && keyFile != null) {
            key = Files.readString(Path.of(keyFile), StandardCharsets.UTF_8);
        }
        if (key == null) {
            throw new IllegalArgumentException("No service account key: set serviceAccountKey or serviceAccountKeyFile");
        }
        ServiceAccount account = account(key);
        String tokenUri = tokenUriOverride != null ? tokenUriOverride : account.tokenUri();
        String cacheKey = account.clientEmail() + ' ' + account.privateKeyId() + ' ' + tokenUri;
        exchange.setProperty(TOKEN_PROPERTY, cacheKey);
        String accessToken = TOKENS.computeIfAbsent(cacheKey, k -> new Cached())
                .get(now -> fetch(account, tokenUri, now));
        message.setHeader("Authorization", "Bearer " + accessToken);
    }

    /** Drops the token the exchange was sent with, so that the next send fetches a new one. */
    static void forget(Exchange exchange) {
        String cacheKey = exchange.getProperty(TOKEN_PROPERTY, String.class);
        Cached cached = cacheKey == null ? null : TOKENS.get(cacheKey);
        if (cached != null) {
            cached.forget();
        }
    }

    Token fetch(ServiceAccount account, String tokenUri, Instant now) throws Exception {
        String form = "grant_type=" + URLEncoder.encode(GRANT_TYPE, StandardCharsets.UTF_8)
                + "&assertion=" + URLEncoder.encode(assertion(account, tokenUri, now), StandardCharsets.UTF_8);
        Exchange answer = producer.send("http://google-oauth2-token?throwExceptionOnFailure=true", request -> {
            Message m = request.getMessage();
            m.setHeader(Exchange.HTTP_URI, tokenUri);
            m.setHeader(Exchange.HTTP_METHOD, "POST");
            m.setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded");
            m.setBody(form.getBytes(StandardCharsets.US_ASCII));
        });
        if (answer.getException() != null) {
            throw answer.getException();
        }
        JsonNode token = mapper.readTree(answer.getMessage().getBody(String.class));
        String accessToken = token.path("access_token").asText(null);
        long expiresIn = token.path("expires_in").asLong(0);
        if (accessToken == null || accessToken.isEmpty() || expiresIn <= 0) {
            throw new IOException("Google's token endpoint answered without an access token and its lifetime");
        }
        long ahead = Math.min(REFRESH_AHEAD_SECONDS, expiresIn / 2);
        return new Token(accessToken, now.plusSeconds(expiresIn - ahead));
    }

    /** The signed JWT: {@code iss} the account, {@code scope} FCM, {@code aud} the token endpoint, an hour. */
    String assertion(ServiceAccount account, String tokenUri, Instant now) throws GeneralSecurityException {
        ObjectNode header = mapper.createObjectNode().put("alg", "RS256").put("typ", "JWT")
                .put("kid", account.privateKeyId());
        long iat = now.getEpochSecond();
        ObjectNode claims = mapper.createObjectNode().put("iss", account.clientEmail()).put("scope", FCM_SCOPE)
                .put("aud", tokenUri).put("iat", iat).put("exp", iat + ASSERTION_LIFETIME_SECONDS);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8)) + '.'
                + b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initSign(account.privateKey());
        rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + '.' + b64.encodeToString(rs256.sign());
    }

    ServiceAccount account(String keyJson) {
        return accounts.computeIfAbsent(keyJson, GoogleAccessTokens::parse);
    }

    static ServiceAccount parse(String keyJson) {
        JsonNode key;
        try {
            key = LENIENT.readTree(keyJson);
        } catch (IOException e) {
            throw new IllegalArgumentException("The service account key is not JSON");
        }
        String clientEmail = key.path("client_email").asText("");
        String privateKeyId = key.path("private_key_id").asText("");
        String pem = key.path("private_key").asText("");
        String tokenUri = key.path("token_uri").asText("https://oauth2.googleapis.com/token");
        if (clientEmail.isEmpty() || pem.isEmpty()) {
            throw new IllegalArgumentException("The service account key has no client_email or private_key");
        }
        String base64 = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
                .replace("\\n", "").replaceAll("\\s", "");
        try {
            PrivateKey privateKey = KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
            return new ServiceAccount(clientEmail, privateKeyId, privateKey, tokenUri);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("The service account key's private_key is not a PKCS#8 RSA key");
        }
    }
}
