package org.dabba.payment;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Stripe's webhook signature scheme, case by case. */
class StripeSignatureTest {

    static final String SECRET = "whsec_current";
    static final String PREVIOUS = "whsec_previous";
    static final long NOW = 1_780_000_000L;
    static final byte[] BODY = "{\n  \"id\": \"evt_1\",\n  \"type\": \"payment_intent.succeeded\",\n  \"note\": \"dosa \u20b9\"\n}"
            .getBytes(StandardCharsets.UTF_8);

    static final StripeSignature VERIFIER = new StripeSignature(List.of(SECRET, PREVIOUS), Duration.ofSeconds(300),
            Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));

    static String sig(String secret, long t, byte[] body) {
        return StripeSignature.v1(secret, t, body);
    }

    static Stream<Arguments> cases() {
        byte[] tampered = new String(BODY, StandardCharsets.UTF_8).replace("evt_1", "evt_2").getBytes(StandardCharsets.UTF_8);
        return Stream.of(
                // name, body, header, expected failure reason (null = genuine)
                Arguments.of("valid", BODY, "t=" + NOW + ",v1=" + sig(SECRET, NOW, BODY), null),
                Arguments.of("valid, with a v0 and spaces", BODY,
                        "t=" + NOW + ", v0=abc, v1=" + sig(SECRET, NOW, BODY), null),
                Arguments.of("tampered body", tampered, "t=" + NOW + ",v1=" + sig(SECRET, NOW, BODY), "No signature"),
                Arguments.of("wrong secret", BODY, "t=" + NOW + ",v1=" + sig("whsec_other", NOW, BODY), "No signature"),
                Arguments.of("timestamp changed after signing", BODY, "t=" + (NOW - 1) + ",v1=" + sig(SECRET, NOW, BODY),
                        "No signature"),
                Arguments.of("old timestamp", BODY, "t=" + (NOW - 301) + ",v1=" + sig(SECRET, NOW - 301, BODY),
                        "outside the tolerance"),
                Arguments.of("just within tolerance", BODY, "t=" + (NOW - 300) + ",v1=" + sig(SECRET, NOW - 300, BODY),
                        null),
                Arguments.of("future timestamp", BODY, "t=" + (NOW + 301) + ",v1=" + sig(SECRET, NOW + 301, BODY),
                        "outside the tolerance"),
                Arguments.of("missing header", BODY, null, "missing"),
                Arguments.of("blank header", BODY, " ", "missing"),
                Arguments.of("malformed header", BODY, "garbage", "Unable to extract"),
                Arguments.of("no v1", BODY, "t=" + NOW + ",v0=" + sig(SECRET, NOW, BODY), "Unable to extract"),
                Arguments.of("no timestamp", BODY, "v1=" + sig(SECRET, NOW, BODY), "Unable to extract"),
                Arguments.of("timestamp not a number", BODY, "t=soon,v1=" + sig(SECRET, NOW, BODY), "malformed timestamp"),
                Arguments.of("signature not hex", BODY, "t=" + NOW + ",v1=not-hex", "No signature"),
                Arguments.of("second v1 matches", BODY,
                        "t=" + NOW + ",v1=" + sig("whsec_other", NOW, BODY) + ",v1=" + sig(SECRET, NOW, BODY), null),
                Arguments.of("previous secret (rotation)", BODY, "t=" + NOW + ",v1=" + sig(PREVIOUS, NOW, BODY), null),
                Arguments.of("empty body signed", new byte[0], "t=" + NOW + ",v1=" + sig(SECRET, NOW, new byte[0]), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void verifies(String name, byte[] body, String header, String failure) {
        if (failure == null) {
            assertDoesNotThrow(() -> VERIFIER.verify(body, header));
        } else {
            StripeSignature.InvalidSignature e = assertThrows(StripeSignature.InvalidSignature.class,
                    () -> VERIFIER.verify(body, header));
            assertEquals(true, e.reason().contains(failure), e.reason());
            assertEquals(400, e.problem().getStatus());
            assertEquals("/problems/invalid-signature", e.problem().getType());
        }
    }

    @Test
    void withoutThePreviousSecretOnlyTheCurrentOneCounts() {
        StripeSignature current = new StripeSignature(List.of(SECRET), Duration.ofSeconds(300),
                Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));
        assertThrows(StripeSignature.InvalidSignature.class,
                () -> current.verify(BODY, "t=" + NOW + ",v1=" + sig(PREVIOUS, NOW, BODY)));
    }

    @Test
    void signsAsStripeDocumentsIt() {
        // HMAC-SHA256 of "1700000000.{}" keyed "whsec_test", computed independently with
        // printf '%s' '1700000000.{}' | openssl dgst -sha256 -hmac whsec_test
        assertEquals("t=1700000000,v1=35495024f4ef3f94e5a93e22221544c4b75e9a42300cd965ab81cb85cd994e91",
                StripeSignature.header("whsec_test", 1_700_000_000L, "{}".getBytes(StandardCharsets.UTF_8)));
        String header = StripeSignature.header(SECRET, NOW, BODY);
        assertEquals("t=" + NOW + ",v1=" + sig(SECRET, NOW, BODY), header);
        assertDoesNotThrow(() -> VERIFIER.verify(BODY, header));
    }

    @Test
    void aSecretIsRequired() {
        assertThrows(IllegalArgumentException.class, () -> new StripeSignature(List.of(" "), Duration.ofSeconds(300),
                Clock.systemUTC()));
    }
}
