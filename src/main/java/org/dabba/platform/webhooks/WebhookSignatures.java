package org.dabba.platform.webhooks;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.dabba.platform.Time;

/**
 * How Dabba signs what it POSTs to other people's URLs (notification webhooks, POS systems), the way Stripe does:
 * {@value #HEADER} is {@code t=<unix seconds>,v1=<hex>}, {@code v1} the HMAC-SHA256 of {@code "<t>.<raw body>"}
 * keyed with the receiver's secret. Kamelets call {@link #sign(Exchange)} as the bean {@code webhookSignatures}.
 */
@ApplicationScoped
@Named("webhookSignatures")
public class WebhookSignatures {

    public static final String HEADER = "Dabba-Signature";
    /** Where a route puts the receiver's secret for {@link #sign(Exchange)}; never sent. */
    public static final String SECRET_HEADER = "DabbaWebhookSecret";

    /** Signs the message's body (as the bytes that will travel) with the secret in {@value #SECRET_HEADER}. */
    public void sign(Exchange exchange) {
        Message message = exchange.getMessage();
        String secret = message.getHeader(SECRET_HEADER, String.class);
        message.removeHeader(SECRET_HEADER);
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("No webhook secret to sign with (header " + SECRET_HEADER + ")");
        }
        byte[] body = message.getBody(byte[].class);
        message.setBody(body);
        message.setHeader(HEADER, header(secret, Time.now().getEpochSecond(), body));
    }

    /** The signature header for {@code payload} signed at {@code timestamp} with {@code secret}. */
    public static String header(String secret, long timestamp, byte[] payload) {
        return "t=" + timestamp + ",v1=" + v1(secret, timestamp, payload);
    }

    /** The hex HMAC-SHA256 of {@code "<timestamp>.<payload>"}; the payload's bytes exactly as they travel. */
    public static String v1(String secret, long timestamp, byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(payload));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
