package org.dabba.identity;

import static io.restassured.RestAssured.given;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.dabba.identity.IdentityBodies.ContactChannel;
import org.dabba.testing.Api;
import org.dabba.testing.AtOnce;
import org.dabba.testing.LocalServers;
import org.junit.jupiter.api.Test;

/**
 * A person's profile and proving their email or phone with a one-time code: what is answered, what is stored
 * (a digest, never the code), wrong codes, used-up and expired codes, the budget of codes, and a changed phone
 * losing its verification. Codes are read from the deliveries the notification core writes where it can; elsewhere
 * {@link ContactVerification#issue} sends one of a known value, as the API would.
 */
@QuarkusTest
@WithTestResource(LocalServers.class)
class ContactVerificationTest {

    static final String PHONE = "+919876543210";

    @Inject
    ContactVerification verification;

    @Inject
    Contacts contacts;

    @Inject
    DataSource db;

    @Test
    void theProfileIsReadAndChangedAndBadFieldsAreNamed() {
        Map<String, Object> signup = Api.signupBody("CUSTOMER");
        String me = Api.signup(signup);
        String id = Api.userId(me);
        as(me).get("/me").then().statusCode(200).body("id", equalTo(id)).body("email", equalTo(signup.get("email")))
                .body("name", equalTo("Test CUSTOMER")).body("phone", nullValue()).body("role", equalTo("CUSTOMER"))
                .body("locale", equalTo("en")).body("emailVerified", equalTo(false))
                .body("phoneVerified", equalTo(false));
        given().get("/me").then().statusCode(401);

        as(me).body(Map.of("name", "  Ravi Kumar ", "phone", PHONE, "locale", "hi")).patch("/me").then()
                .statusCode(200).body("name", equalTo("Ravi Kumar")).body("phone", equalTo(PHONE))
                .body("locale", equalTo("hi"));
        as(me).body(Map.of("name", " ", "phone", "98765", "locale", "fr")).patch("/me").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("name", "phone", "locale"));
        // Not sent: kept; sent as null: removed.
        as(me).body(Map.of("locale", "en")).patch("/me").then().statusCode(200).body("phone", equalTo(PHONE))
                .body("name", equalTo("Ravi Kumar"));
        Map<String, Object> noPhone = new HashMap<>();
        noPhone.put("phone", null);
        as(me).body(noPhone).patch("/me").then().statusCode(200).body("phone", nullValue())
                .body("locale", equalTo("en"));
        Contacts.Contact contact = contacts.of(UUID.fromString(id)).orElseThrow();
        assertEquals("en", contact.locale());
        assertEquals(null, contact.phone());
    }

    @Test
    void aCodeGoesToTheMaskedAddressAndOnlyWhereThereIsOneToProve() {
        Map<String, Object> signup = Api.signupBody("CUSTOMER");
        String me = Api.signup(signup);
        String email = (String) signup.get("email");
        Instant before = Instant.now();
        Response started = as(me).body(Map.of("channel", "EMAIL")).post("/me/verifications");
        started.then().statusCode(202).body("channel", equalTo("EMAIL"))
                .body("sentTo", equalTo(email.charAt(0) + "•••@example.com")).body("expiresAt", notNullValue());
        Duration ttl = Duration.between(before, Instant.parse(started.path("expiresAt")));
        assertTrue(ttl.compareTo(Duration.ofMinutes(9)) > 0 && ttl.compareTo(Duration.ofMinutes(11)) < 0, "" + ttl);

        as(me).body(Map.of("channel", "SMS")).post("/me/verifications").then().statusCode(409)
                .contentType("application/problem+json").body("type", equalTo("/problems/phone-missing"));
        as(me).body(Map.of("channel", "FAX")).post("/me/verifications").then().statusCode(400);
        as(me).body(Map.of("phone", PHONE)).patch("/me").then().statusCode(200);
        as(me).body(Map.of("channel", "SMS")).post("/me/verifications").then().statusCode(202)
                .body("sentTo", equalTo("+91•••••••210"));

        String stored = single("select code_hash from verification_codes where user_id = ? and channel = 'EMAIL'",
                UUID.fromString(Api.userId(me))).orElseThrow();
        assertEquals(64, stored.length(), "a SHA-256 digest, not the code");
        assertFalse(stored.matches("[0-9]{6}"));
    }

    @Test
    void theRightCodeVerifiesOnceAndTheAddressStaysVerified() {
        String me = Api.newUser("CUSTOMER");
        UUID id = UUID.fromString(Api.userId(me));
        verification.issue(id, ContactChannel.EMAIL, "482913", Duration.ofMinutes(10));
        as(me).body(verify("EMAIL", "482913")).post("/me/verify").then().statusCode(200)
                .body("emailVerified", equalTo(true)).body("phoneVerified", equalTo(false));
        // A double tap: the used code again answers the profile; a wrong one finds nothing pending.
        as(me).body(verify("EMAIL", "482913")).post("/me/verify").then().statusCode(200)
                .body("emailVerified", equalTo(true));
        expired(as(me).body(verify("EMAIL", "111111")).post("/me/verify"));
        as(me).body(Map.of("channel", "EMAIL")).post("/me/verifications").then().statusCode(409)
                .body("type", equalTo("/problems/already-verified"));
        assertTrue(contacts.of(id).orElseThrow().verifiedEmail().isPresent());
    }

    @Test
    void twoVerificationsAtOnceWithTheRightCodeBothSucceed() {
        String me = Api.newUser("CUSTOMER");
        UUID id = UUID.fromString(Api.userId(me));
        as(me).body(Map.of("phone", PHONE)).patch("/me").then().statusCode(200);
        verification.issue(id, ContactChannel.SMS, "551100", Duration.ofMinutes(10));
        Supplier<Integer> tap = () -> as(me).body(verify("SMS", "551100")).post("/me/verify").statusCode();
        assertEquals(List.of(200, 200), AtOnce.run(List.of(tap, tap)));
        as(me).get("/me").then().body("phoneVerified", equalTo(true));
    }

    @Test
    void wrongCodesCountDownThenTheCodeIsVoid() {
        String me = Api.newUser("CUSTOMER");
        UUID id = UUID.fromString(Api.userId(me));
        expired(as(me).body(verify("EMAIL", "123456")).post("/me/verify")); // none sent yet
        verification.issue(id, ContactChannel.EMAIL, "246810", Duration.ofMinutes(10));
        for (int left = 4; left >= 0; left--) {
            as(me).body(verify("EMAIL", "000000")).post("/me/verify").then().statusCode(422)
                    .contentType("application/problem+json")
                    .body("type", equalTo("/problems/verification-code-mismatch")).body("attemptsLeft", equalTo(left));
        }
        expired(as(me).body(verify("EMAIL", "246810")).post("/me/verify"));
        as(me).get("/me").then().body("emailVerified", equalTo(false));
        as(me).body(verify("EMAIL", "12345")).post("/me/verify").then().statusCode(400)
                .body("errors[0].field", equalTo("code"));
    }

    @Test
    void aNewCodeReplacesTheOldAndAnExpiredOneProvesNothing() {
        String me = Api.newUser("CUSTOMER");
        UUID id = UUID.fromString(Api.userId(me));
        verification.issue(id, ContactChannel.EMAIL, "135790", Duration.ofMinutes(10));
        verification.issue(id, ContactChannel.EMAIL, "975310", Duration.ofMillis(300));
        as(me).body(verify("EMAIL", "135790")).post("/me/verify").then().statusCode(422)
                .body("type", equalTo("/problems/verification-code-mismatch"));
        sleep(Duration.ofMillis(500));
        expired(as(me).body(verify("EMAIL", "975310")).post("/me/verify"));
        as(me).get("/me").then().body("emailVerified", equalTo(false));
    }

    @Test
    void aChangedPhoneIsUnverifiedAndItsOldCodeVoid() {
        String me = Api.newUser("CUSTOMER");
        UUID id = UUID.fromString(Api.userId(me));
        as(me).body(Map.of("phone", PHONE)).patch("/me").then().statusCode(200);
        verification.issue(id, ContactChannel.SMS, "112233", Duration.ofMinutes(10));
        as(me).body(verify("SMS", "112233")).post("/me/verify").then().statusCode(200)
                .body("phoneVerified", equalTo(true));
        // The same number again changes nothing.
        as(me).body(Map.of("phone", PHONE)).patch("/me").then().statusCode(200).body("phoneVerified", equalTo(true));
        as(me).body(Map.of("phone", "+919812345678")).patch("/me").then().statusCode(200)
                .body("phoneVerified", equalTo(false));
        assertTrue(contacts.of(id).orElseThrow().verifiedPhone().isEmpty());

        verification.issue(id, ContactChannel.SMS, "445566", Duration.ofMinutes(10));
        as(me).body(Map.of("phone", "+919800000000")).patch("/me").then().statusCode(200);
        expired(as(me).body(verify("SMS", "445566")).post("/me/verify"));
        as(me).get("/me").then().body("phoneVerified", equalTo(false)).body("phone", equalTo("+919800000000"));
    }

    @Test
    void atMostFiveCodesAnHourPerChannel() {
        String me = Api.newUser("CUSTOMER");
        as(me).body(Map.of("phone", PHONE)).patch("/me").then().statusCode(200);
        for (int i = 0; i < 5; i++) {
            as(me).body(Map.of("channel", "EMAIL")).post("/me/verifications").then().statusCode(202);
        }
        as(me).body(Map.of("channel", "EMAIL")).post("/me/verifications").then().statusCode(429)
                .contentType("application/problem+json").header("Retry-After", notNullValue())
                .body("type", equalTo("/problems/rate-limited")).body("limit", equalTo("verification-per-user"));
        // Its own budget per channel.
        as(me).body(Map.of("channel", "SMS")).post("/me/verifications").then().statusCode(202);
    }

    /** The code as the SMS carries it (the notification's delivery row), typed back. */
    @Test
    void theCodeSentBySmsVerifiesThePhone() {
        String me = Api.newUser("CUSTOMER");
        UUID id = UUID.fromString(Api.userId(me));
        as(me).body(Map.of("phone", PHONE)).patch("/me").then().statusCode(200);
        as(me).body(Map.of("channel", "SMS")).post("/me/verifications").then().statusCode(202);
        Optional<String> code = sentCode(id, "SMS");
        assertTrue(code.isPresent(), "the code's SMS is planned");
        as(me).body(verify("SMS", code.get())).post("/me/verify").then().statusCode(200)
                .body("phoneVerified", equalTo(true));
    }

    /** The code as the email carries it, typed back. */
    @Test
    void theCodeSentByEmailVerifiesTheEmail() {
        String me = Api.newUser("RESTAURANT_OWNER");
        UUID id = UUID.fromString(Api.userId(me));
        as(me).body(Map.of("channel", "EMAIL")).post("/me/verifications").then().statusCode(202);
        Optional<String> code = sentCode(id, "EMAIL");
        assertTrue(code.isPresent(), "the code's email is planned");
        as(me).body(verify("EMAIL", code.get())).post("/me/verify").then().statusCode(200)
                .body("emailVerified", equalTo(true));
    }

    static Map<String, Object> verify(String channel, String code) {
        return Map.of("channel", channel, "code", code);
    }

    static void expired(Response answer) {
        answer.then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("/problems/verification-code-expired"));
    }

    /** The six digits in the message of the newest verification delivered to the user on the channel, if any yet. */
    Optional<String> sentCode(UUID userId, String channel) {
        Instant until = Instant.now().plusSeconds(5);
        while (Instant.now().isBefore(until)) {
            Optional<String> payload = single("select payload from notification_deliveries where user_id = ? "
                    + "and channel = '" + channel + "' and type = 'account.verification' order by created_at desc "
                    + "limit 1", userId);
            if (payload.isPresent()) {
                try {
                    JsonNode message = new ObjectMapper().readTree(payload.get()); // an SMS's body, an email's text
                    Matcher m = Pattern.compile("\\b([0-9]{6})\\b")
                            .matcher(message.path(channel.equals("SMS") ? "body" : "text").asText());
                    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            sleep(Duration.ofMillis(100));
        }
        return Optional.empty();
    }

    Optional<String> single(String query, Object parameter) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(query)) {
            s.setObject(1, parameter);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.ofNullable(r.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
