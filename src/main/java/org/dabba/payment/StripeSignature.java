package org.dabba.payment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dabba.platform.error.Problem;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.webhooks.WebhookSignatures;

/**
 * Stripe's webhook signatures, both ways: {@code Stripe-Signature: t=<unix seconds>,v1=<hex>} (other schemes
 * ignored), each {@code v1} the HMAC-SHA256 of {@code "<t>.<raw body>"}. Genuine when any {@code v1} matches
 * under any accepted secret (the previous one too during a rotation) and the timestamp is within the tolerance
 * of now either way, so a captured request cannot be replayed later.
 */
public final class StripeSignature {

    public static final String HEADER = "Stripe-Signature";

    /** A request whose signature does not prove it came from the gateway: 400 {@code /problems/invalid-signature}. */
    public static final class InvalidSignature extends ProblemException {
        private final String reason;

        InvalidSignature(String reason) {
            super(new Problem("invalid-signature", "Invalid signature", 400, reason, null));
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    private final List<String> secrets;
    private final Duration tolerance;
    private final Clock clock;

    public StripeSignature(List<String> secrets, Duration tolerance, Clock clock) {
        this.secrets = secrets.stream().filter(s -> s != null && !s.isBlank()).toList();
        if (this.secrets.isEmpty()) {
            throw new IllegalArgumentException("A webhook signing secret is required");
        }
        this.tolerance = tolerance;
        this.clock = clock;
    }

    public void verify(byte[] payload, String header) {
        if (header == null || header.isBlank()) {
            throw new InvalidSignature("The " + HEADER + " header is missing");
        }
        Long timestamp = null;
        List<String> signatures = new ArrayList<>();
        for (String item : header.split(",")) {
            int eq = item.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = item.substring(0, eq).strip();
            String value = item.substring(eq + 1).strip();
            if (key.equals("t")) {
                try {
                    timestamp = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new InvalidSignature("The " + HEADER + " header has a malformed timestamp");
                }
            } else if (key.equals("v1") && !value.isEmpty()) {
                signatures.add(value.toLowerCase(Locale.ROOT));
            }
        }
        if (timestamp == null || signatures.isEmpty()) {
            throw new InvalidSignature("Unable to extract a timestamp and v1 signatures from the " + HEADER + " header");
        }
        boolean matched = false;
        for (String secret : secrets) {
            byte[] expected = v1(secret, timestamp, payload).getBytes(StandardCharsets.US_ASCII);
            for (String signature : signatures) {
                // Every comparison runs, so timing says nothing about which one matched or how closely.
                matched |= MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
            }
        }
        if (!matched) {
            throw new InvalidSignature("No signature matches the expected signature for the payload");
        }
        long age = clock.instant().getEpochSecond() - timestamp;
        if (Math.abs(age) > tolerance.toSeconds()) {
            throw new InvalidSignature("The signature's timestamp is outside the tolerance of "
                    + tolerance.toSeconds() + " s");
        }
    }

    /** The header Stripe would send for {@code payload} signed at {@code timestamp} with {@code secret}. */
    public static String header(String secret, long timestamp, byte[] payload) {
        return "t=" + timestamp + ",v1=" + v1(secret, timestamp, payload);
    }

    /** The hex HMAC-SHA256 of {@code "<timestamp>.<payload>"}: Dabba's own webhooks use Stripe's scheme. */
    public static String v1(String secret, long timestamp, byte[] payload) {
        return WebhookSignatures.v1(secret, timestamp, payload);
    }
}
