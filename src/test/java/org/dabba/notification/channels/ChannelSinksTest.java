package org.dabba.notification.channels;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.support.CamelContextHelper;
import org.apache.camel.support.DefaultExchange;
import org.dabba.testing.LocalServers;
import org.dabba.testing.LoopbackWireMock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The push, SMS and email channel kamelets against real protocol peers: a stand-in for FCM and Google's token
 * endpoint and for Twilio (WireMock, matching the requests as the providers document them), and a real SMTP server
 * (GreenMail). Each kamelet is driven directly with Dabba's channel message as its body, as the core hands it.
 */
@QuarkusTest
@TestProfile(ChannelSinksTest.ChannelSinks.class)
@WithTestResource(LocalServers.class)
class ChannelSinksTest {

    static final String PROJECT = "dabba-test";
    static final String SEND_PATH = "/v1/projects/" + PROJECT + "/messages:send";
    static final String CLIENT_EMAIL = "fcm-sender@dabba-test.iam.gserviceaccount.com";
    static final String KEY_ID = "4e2a1f0c9b8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f";
    static final String ACCESS_TOKEN = "ya29.c.dabba-test-access-token";
    static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
    static final String AUTH_TOKEN = "twilio_auth_token_4242";
    static final String SMS_FROM = "+15005550006";
    static final String MESSAGES_PATH = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json";
    static final String MAIL_USER = "dabba-mailer";
    static final String MAIL_PASSWORD = "mail_secret_4242";
    static final String MAIL_FROM = "Dabba <no-reply@dabba.example>";

    /** The providers' stand-ins, started and the service account made before Quarkus reads its configuration. */
    static final class Peers {
        static final WireMockServer HTTP = LoopbackWireMock.start();
        static final GreenMail SMTP = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)
                .dynamicPort()).withConfiguration(GreenMailConfiguration.aConfig().withUser(MAIL_USER, MAIL_PASSWORD));
        static final KeyPair KEYS = ServiceAccount.KEYS;
        static final String SERVICE_ACCOUNT = ServiceAccount.json(PROJECT, KEY_ID, CLIENT_EMAIL);

        static {
            SMTP.start();
            Runtime.getRuntime().addShutdownHook(new Thread(SMTP::stop));
        }

        static String http() {
            return "http://127.0.0.1:" + HTTP.port();
        }
    }

    public static class ChannelSinks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>();
            config.put("camel.kamelet.dabba-fcm-push-sink.projectId", PROJECT);
            config.put("camel.kamelet.dabba-fcm-push-sink.serviceAccountKey", Peers.SERVICE_ACCOUNT);
            config.put("camel.kamelet.dabba-fcm-push-sink.baseUrl", Peers.http());
            config.put("camel.kamelet.dabba-fcm-push-sink.tokenUri", Peers.http() + "/token");
            config.put("camel.kamelet.dabba-twilio-sms-sink.accountSid", ACCOUNT_SID);
            config.put("camel.kamelet.dabba-twilio-sms-sink.authToken", AUTH_TOKEN);
            config.put("camel.kamelet.dabba-twilio-sms-sink.from", SMS_FROM);
            config.put("camel.kamelet.dabba-twilio-sms-sink.baseUrl", Peers.http());
            config.put("camel.kamelet.dabba-smtp-email-sink.host", "127.0.0.1");
            config.put("camel.kamelet.dabba-smtp-email-sink.port", Integer.toString(Peers.SMTP.getSmtp().getPort()));
            config.put("camel.kamelet.dabba-smtp-email-sink.security", "NONE");
            config.put("camel.kamelet.dabba-smtp-email-sink.username", MAIL_USER);
            config.put("camel.kamelet.dabba-smtp-email-sink.password", MAIL_PASSWORD);
            config.put("camel.kamelet.dabba-smtp-email-sink.from", MAIL_FROM);
            return config;
        }
    }

    final WireMockServer http = Peers.HTTP;

    @Inject
    ProducerTemplate producer;

    @Inject
    ObjectMapper mapper;

    @Inject
    CamelContext camel;

    @Inject
    GoogleAccessTokens tokens;

    @BeforeEach
    void reset() throws Exception {
        http.resetAll();
        // Whatever no test expects is answered with a status no sink treats as success or as a gone token.
        http.stubFor(post(urlPathMatching(".*")).atPriority(100).willReturn(aResponse().withStatus(418)));
        Peers.SMTP.purgeEmailFromAllMailboxes();
    }

    // ---- FCM

    /** Google's token endpoint for the JWT-bearer grant, at {@code path}, answering {@code token}. */
    void tokenEndpoint(String path, String token, long expiresIn) {
        http.stubFor(post(urlEqualTo(path)).atPriority(1)
                .withHeader("Content-Type", matching("application/x-www-form-urlencoded.*"))
                .withFormParam("grant_type", equalTo("urn:ietf:params:oauth:grant-type:jwt-bearer"))
                .withFormParam("assertion", matching("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\": \"" + token + "\", \"expires_in\": " + expiresIn
                                + ", \"token_type\": \"Bearer\"}")));
    }

    /** FCM's send for a message exactly equal to {@code expected}, authorized with {@code token}. */
    void fcmAccepts(String token, String expected, String name) {
        http.stubFor(post(urlEqualTo(SEND_PATH)).atPriority(2)
                .withHeader("Authorization", equalTo("Bearer " + token))
                .withHeader("Content-Type", equalTo("application/json; charset=UTF-8"))
                .withRequestBody(equalToJson(expected))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"name\": \"" + name + "\"}")));
    }

    void fcmAnswers(String deviceToken, int status, String body) {
        http.stubFor(post(urlEqualTo(SEND_PATH)).atPriority(2)
                .withHeader("Authorization", matching("Bearer .+"))
                .withRequestBody(matchingJsonPath("$.message.token", equalTo(deviceToken)))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                        .withBody(body)));
    }

    /** A push sink of its own token endpoint (tokens are cached per account and endpoint). */
    static String pushSink(String tokenPath) {
        return "kamelet:dabba-fcm-push-sink?tokenUri=RAW(" + Peers.http() + tokenPath + ")";
    }

    String push(String token, String priority, Long ttlSeconds) throws IOException {
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("type", "order.new");
        data.put("notificationId", "7d1c6a52-3f0e-4b8e-9a57-2d4b1f0e8c11");
        data.put("subjectId", "0b5e3c1a-9d2f-4e7a-8c6b-5a4d3e2f1a0b");
        data.put("expiresAt", "2026-12-03T18:00:30Z");
        Map<String, Object> push = new java.util.LinkedHashMap<>();
        push.put("id", UUID.randomUUID().toString());
        push.put("token", token);
        push.put("platform", "ANDROID");
        push.put("priority", priority);
        push.put("title", "New order #437819AF");
        push.put("body", "2 × Masala Dosa — ₹550.00");
        push.put("data", data);
        push.put("ttlSeconds", ttlSeconds);
        push.put("collapseKey", "order-437819AF");
        return mapper.writeValueAsString(push);
    }

    Exchange send(String uri, String body) {
        return producer.request(uri, exchange -> {
            exchange.getMessage().setBody(body);
            exchange.getMessage().setHeader("X-Leak", "internal");
            exchange.getMessage().setHeader("CamelHttpPath", "/elsewhere");
            exchange.setProperty("DabbaNotificationId", "7d1c6a52-3f0e-4b8e-9a57-2d4b1f0e8c11");
        });
    }

    @Test
    void aHighPriorityPushIsADataMessageWokenAtOnceEverywhere() throws Exception {
        tokenEndpoint("/token/high", ACCESS_TOKEN, 3599);
        String expected = """
                {"message": {
                  "token": "device-high",
                  "data": {"title": "New order #437819AF", "body": "2 × Masala Dosa — ₹550.00", "type": "order.new",
                           "notificationId": "7d1c6a52-3f0e-4b8e-9a57-2d4b1f0e8c11",
                           "subjectId": "0b5e3c1a-9d2f-4e7a-8c6b-5a4d3e2f1a0b", "expiresAt": "2026-12-03T18:00:30Z"},
                  "android": {"priority": "HIGH", "ttl": "30s", "collapse_key": "order-437819AF"},
                  "apns": {"headers": {"apns-priority": "10", "apns-push-type": "alert",
                                       "apns-expiration": "${json-unit.regex}[0-9]{10}",
                                       "apns-collapse-id": "order-437819AF"},
                           "payload": {"aps": {"alert": {"title": "New order #437819AF",
                                                         "body": "2 × Masala Dosa — ₹550.00"},
                                               "sound": "default"}}},
                  "webpush": {"headers": {"Urgency": "high", "TTL": "30", "Topic": "order-437819AF"}}
                }}""";
        fcmAccepts(ACCESS_TOKEN, expected, "projects/dabba-test/messages/0:1500415314455276%31bd1c9631bd1c96");

        long before = Instant.now().getEpochSecond();
        Exchange sent = send(pushSink("/token/high"), push("device-high", "HIGH", 30L));
        long after = Instant.now().getEpochSecond();

        assertNull(sent.getException(), () -> String.valueOf(sent.getException()));
        assertEquals("projects/dabba-test/messages/0:1500415314455276%31bd1c9631bd1c96",
                sent.getMessage().getHeader(ChannelHeaders.PROVIDER_MESSAGE_ID));
        assertNull(sent.getMessage().getHeader(ChannelHeaders.ADDRESS_GONE));
        LoggedRequest request = only(SEND_PATH);
        JsonNode message = mapper.readTree(request.getBodyAsString()).path("message");
        assertTrue(message.path("notification").isMissingNode(), "a data message has no notification block");
        long expiration = Long.parseLong(message.path("apns").path("headers").path("apns-expiration").asText());
        assertTrue(expiration >= before + 30 && expiration <= after + 30, "APNs may drop it after 30 s: " + expiration);
        assertOnlyProviderHeaders(request, "Authorization", "Content-Type");
        verifyTokenRequest(only("/token/high"), Peers.http() + "/token/high");
    }

    @Test
    void aNormalPushIsANotificationMessageThatReplacesItsRepeat() throws Exception {
        tokenEndpoint("/token/normal", ACCESS_TOKEN, 3599);
        String expected = """
                {"message": {
                  "token": "device-normal",
                  "notification": {"title": "New order #437819AF", "body": "2 × Masala Dosa — ₹550.00"},
                  "data": {"type": "order.new", "notificationId": "7d1c6a52-3f0e-4b8e-9a57-2d4b1f0e8c11",
                           "subjectId": "0b5e3c1a-9d2f-4e7a-8c6b-5a4d3e2f1a0b", "expiresAt": "2026-12-03T18:00:30Z"},
                  "android": {"priority": "NORMAL", "collapse_key": "order-437819AF",
                              "notification": {"tag": "order-437819AF"}},
                  "apns": {"headers": {"apns-priority": "5", "apns-push-type": "alert",
                                       "apns-collapse-id": "order-437819AF"}},
                  "webpush": {"headers": {"Urgency": "normal", "Topic": "order-437819AF"},
                              "notification": {"tag": "order-437819AF"}}
                }}""";
        fcmAccepts(ACCESS_TOKEN, expected, "projects/dabba-test/messages/normal-1");

        Exchange sent = send(pushSink("/token/normal"), push("device-normal", "NORMAL", null));

        assertNull(sent.getException(), () -> String.valueOf(sent.getException()));
        assertEquals("projects/dabba-test/messages/normal-1", sent.getMessage().getHeader(ChannelHeaders.PROVIDER_MESSAGE_ID));
        assertOnlyProviderHeaders(only(SEND_PATH), "Authorization", "Content-Type");
    }

    @Test
    void oneAccessTokenServesManySendsAndConcurrentSendsShareOneRequest() throws Exception {
        // Slow enough that the concurrent sends all arrive while the first token request is under way.
        http.stubFor(post(urlEqualTo("/token/cached")).atPriority(1)
                .withFormParam("grant_type", equalTo("urn:ietf:params:oauth:grant-type:jwt-bearer"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withFixedDelay(300).withBody("{\"access_token\": \"" + ACCESS_TOKEN
                                + "\", \"expires_in\": 3599, \"token_type\": \"Bearer\"}")));
        fcmAnswers("device-many", 200, "{\"name\": \"projects/dabba-test/messages/many\"}");
        String push = push("device-many", "NORMAL", null);

        ExecutorService senders = Executors.newFixedThreadPool(4);
        try {
            List<Future<Exchange>> concurrent = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                concurrent.add(senders.submit(() -> send(pushSink("/token/cached"), push)));
            }
            for (Future<Exchange> sent : concurrent) {
                assertNull(sent.get(20, TimeUnit.SECONDS).getException());
            }
        } finally {
            senders.shutdownNow();
        }
        for (int i = 0; i < 2; i++) {
            Exchange sent = send(pushSink("/token/cached"), push);
            assertNull(sent.getException(), () -> String.valueOf(sent.getException()));
        }

        assertEquals(1, http.findAll(postRequestedFor(urlEqualTo("/token/cached"))).size(), "one token request");
        List<LoggedRequest> sends = http.findAll(postRequestedFor(urlEqualTo(SEND_PATH)));
        assertEquals(6, sends.size());
        sends.forEach(s -> assertEquals("Bearer " + ACCESS_TOKEN, s.getHeader("Authorization")));
    }

    @Test
    void theKeyMayComeFromAFile() throws Exception {
        tokenEndpoint("/token/file", "ya29.from-file", 3599);
        Path key = Files.createTempFile("service-account", ".json");
        try {
            Files.writeString(key, Peers.SERVICE_ACCOUNT);
            Exchange exchange = new DefaultExchange(camel);
            exchange.getMessage().setHeader(GoogleAccessTokens.KEY_FILE_HEADER, key.toString());
            exchange.getMessage().setHeader(GoogleAccessTokens.TOKEN_URI_HEADER, Peers.http() + "/token/file");

            tokens.authorize(exchange);

            assertEquals("Bearer ya29.from-file", exchange.getMessage().getHeader("Authorization"));
            assertEquals(Set.of("Authorization"), exchange.getMessage().getHeaders().keySet());
            verifyTokenRequest(only("/token/file"), Peers.http() + "/token/file");
        } finally {
            Files.deleteIfExists(key);
        }
    }

    @Test
    void theServiceAccountKeyIsMaskedInCamelsLogs() {
        // What Camel's start-up summaries ask before printing a setting's value.
        assertTrue(CamelContextHelper.containsSensitive(camel, "camel.kamelet.dabba-fcm-push-sink.serviceAccountKey"));
        assertTrue(CamelContextHelper.containsSensitive(camel, "serviceAccountKey"));
        assertTrue(CamelContextHelper.containsSensitive(camel, "camel.kamelet.dabba-twilio-sms-sink.authToken"));
        assertTrue(CamelContextHelper.containsSensitive(camel, "camel.kamelet.dabba-smtp-email-sink.password"));
    }

    @Test
    void anExpiringAccessTokenIsReplaced() throws Exception {
        String path = "/token/short";
        http.stubFor(post(urlEqualTo(path)).atPriority(1).inScenario("short").whenScenarioStateIs(Scenario.STARTED)
                .withFormParam("grant_type", equalTo("urn:ietf:params:oauth:grant-type:jwt-bearer"))
                .willSetStateTo("second")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\": \"ya29.short-1\", \"expires_in\": 2, \"token_type\": \"Bearer\"}")));
        http.stubFor(post(urlEqualTo(path)).atPriority(1).inScenario("short").whenScenarioStateIs("second")
                .withFormParam("grant_type", equalTo("urn:ietf:params:oauth:grant-type:jwt-bearer"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\": \"ya29.short-2\", \"expires_in\": 3599, \"token_type\": \"Bearer\"}")));
        fcmAnswers("device-short", 200, "{\"name\": \"projects/dabba-test/messages/short\"}");

        assertNull(send(pushSink(path), push("device-short", "NORMAL", null)).getException());
        Thread.sleep(1100); // a token of 2 s is replaced 1 s before it expires
        assertNull(send(pushSink(path), push("device-short", "NORMAL", null)).getException());

        assertEquals(2, http.findAll(postRequestedFor(urlEqualTo(path))).size());
        List<LoggedRequest> sends = http.findAll(postRequestedFor(urlEqualTo(SEND_PATH)));
        assertEquals(List.of("Bearer ya29.short-1", "Bearer ya29.short-2"),
                sends.stream().map(s -> s.getHeader("Authorization")).toList());
    }

    @Test
    void anUnregisteredTokenCompletesWithTheAddressGone() throws Exception {
        tokenEndpoint("/token", ACCESS_TOKEN, 3599);
        fcmAnswers("device-gone", 404, """
                {"error": {"code": 404, "message": "Requested entity was not found.", "status": "NOT_FOUND",
                  "details": [{"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError",
                               "errorCode": "UNREGISTERED"}]}}""");

        Exchange sent = send("kamelet:dabba-fcm-push-sink", push("device-gone", "HIGH", null));

        assertNull(sent.getException(), () -> String.valueOf(sent.getException()));
        assertEquals(Boolean.TRUE, sent.getMessage().getHeader(ChannelHeaders.ADDRESS_GONE));
    }

    @Test
    void fcmOutagesAndRefusalsFailWithTheirStatus() throws Exception {
        tokenEndpoint("/token", ACCESS_TOKEN, 3599);
        fcmAnswers("device-503", 503, """
                {"error": {"code": 503, "message": "The service is currently unavailable.", "status": "UNAVAILABLE",
                  "details": [{"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", "errorCode": "UNAVAILABLE"}]}}""");
        fcmAnswers("device-429", 429, """
                {"error": {"code": 429, "message": "Quota exceeded.", "status": "RESOURCE_EXHAUSTED",
                  "details": [{"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", "errorCode": "QUOTA_EXCEEDED"}]}}""");
        fcmAnswers("device-400", 400, """
                {"error": {"code": 400, "message": "Invalid value at 'message.data[0].value'", "status": "INVALID_ARGUMENT",
                  "details": [{"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", "errorCode": "INVALID_ARGUMENT"}]}}""");

        for (int status : new int[] {503, 429, 400}) {
            Exchange sent = send("kamelet:dabba-fcm-push-sink", push("device-" + status, "NORMAL", null));
            HttpOperationFailedException failure = assertInstanceOf(HttpOperationFailedException.class,
                    sent.getException(), "status " + status);
            assertEquals(status, failure.getStatusCode());
            assertNull(sent.getMessage().getHeader(ChannelHeaders.ADDRESS_GONE));
        }
    }

    @Test
    void aRefusedTokenRequestFailsTheSend() {
        http.stubFor(post(urlEqualTo("/token/down")).atPriority(1)
                .willReturn(aResponse().withStatus(503).withBody("{\"error\": \"backend_error\"}")));

        Exchange sent = send(pushSink("/token/down"), "{\"id\": \"x\", \"token\": \"t\", \"platform\": \"IOS\","
                + " \"priority\": \"HIGH\", \"title\": \"t\", \"body\": \"b\", \"data\": {}}");

        HttpOperationFailedException failure = assertInstanceOf(HttpOperationFailedException.class, sent.getException());
        assertEquals(503, failure.getStatusCode());
        assertTrue(http.findAll(postRequestedFor(urlEqualTo(SEND_PATH))).isEmpty(), "nothing sent without a token");
    }

    /** The JWT-bearer assertion: RS256 by the account's key, its key id, and Google's claims. */
    void verifyTokenRequest(LoggedRequest request, String tokenUri) throws Exception {
        Map<String, String> form = form(request.getBodyAsString());
        assertEquals("urn:ietf:params:oauth:grant-type:jwt-bearer", form.get("grant_type"));
        String[] jwt = form.get("assertion").split("\\.");
        assertEquals(3, jwt.length);
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(Peers.KEYS.getPublic());
        rs256.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(rs256.verify(Base64.getUrlDecoder().decode(jwt[2])), "signed with the account's key");
        JsonNode header = mapper.readTree(Base64.getUrlDecoder().decode(jwt[0]));
        assertEquals("RS256", header.path("alg").asText());
        assertEquals(KEY_ID, header.path("kid").asText());
        JsonNode claims = mapper.readTree(Base64.getUrlDecoder().decode(jwt[1]));
        assertEquals(CLIENT_EMAIL, claims.path("iss").asText());
        assertEquals("https://www.googleapis.com/auth/firebase.messaging", claims.path("scope").asText());
        assertEquals(tokenUri, claims.path("aud").asText());
        long iat = claims.path("iat").asLong();
        assertTrue(Math.abs(Instant.now().getEpochSecond() - iat) < 60, "issued now");
        assertTrue(claims.path("exp").asLong() > iat && claims.path("exp").asLong() - iat <= 3600, "an hour at most");
    }

    // ---- SMS

    @Test
    void anSmsIsPostedAsTwiliosFormWithBasicAuth() throws Exception {
        String text = "आपका ऑर्डर #437819AF रास्ते में है & 10 मिनट में पहुँचेगा";
        http.stubFor(post(urlEqualTo(MESSAGES_PATH)).atPriority(1)
                .withBasicAuth(ACCOUNT_SID, AUTH_TOKEN)
                .withHeader("Content-Type", matching("application/x-www-form-urlencoded.*"))
                .withFormParam("To", equalTo("+919812345678"))
                .withFormParam("From", equalTo(SMS_FROM))
                .withFormParam("Body", equalTo(text))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"sid\": \"SM0123456789abcdef0123456789abcdef\", \"status\": \"queued\","
                                + " \"to\": \"+919812345678\", \"from\": \"" + SMS_FROM + "\"}")));

        Exchange sent = send("kamelet:dabba-twilio-sms-sink", mapper.writeValueAsString(
                Map.of("id", UUID.randomUUID().toString(), "to", "+919812345678", "body", text)));

        assertNull(sent.getException(), () -> String.valueOf(sent.getException()));
        assertEquals("SM0123456789abcdef0123456789abcdef", sent.getMessage().getHeader(ChannelHeaders.PROVIDER_MESSAGE_ID));
        LoggedRequest request = only(MESSAGES_PATH);
        assertEquals(Map.of("To", "+919812345678", "From", SMS_FROM, "Body", text), form(request.getBodyAsString()));
        assertOnlyProviderHeaders(request, "Authorization", "Content-Type");
    }

    @Test
    void anSmsMayComeFromAMessagingService() throws Exception {
        http.stubFor(post(urlEqualTo(MESSAGES_PATH)).atPriority(1)
                .withBasicAuth(ACCOUNT_SID, AUTH_TOKEN)
                .withFormParam("To", equalTo("+919812345678"))
                .withFormParam("MessagingServiceSid", equalTo("MG0123456789abcdef0123456789abcdef"))
                .withFormParam("Body", equalTo("Your rider is here"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"sid\": \"SMfeedfacefeedfacefeedfacefeedface\", \"status\": \"accepted\"}")));
        String sms = mapper.writeValueAsString(Map.of("id", "1", "to", "+919812345678", "body", "Your rider is here"));

        Exchange sent = send("kamelet:dabba-twilio-sms-sink?from=&messagingServiceSid=MG0123456789abcdef0123456789abcdef",
                sms);

        assertNull(sent.getException(), () -> String.valueOf(sent.getException()));
        assertEquals("SMfeedfacefeedfacefeedfacefeedface", sent.getMessage().getHeader(ChannelHeaders.PROVIDER_MESSAGE_ID));
        assertEquals(Set.of("To", "MessagingServiceSid", "Body"), form(only(MESSAGES_PATH).getBodyAsString()).keySet());

        Exchange both = send("kamelet:dabba-twilio-sms-sink?messagingServiceSid=MG0123456789abcdef0123456789abcdef", sms);
        IllegalArgumentException unclear = assertInstanceOf(IllegalArgumentException.class, both.getException());
        assertTrue(unclear.getMessage().contains("exactly one of from"), unclear.getMessage());
        assertEquals(1, http.findAll(postRequestedFor(urlEqualTo(MESSAGES_PATH))).size(), "nothing sent");
    }

    @Test
    void anSmsTheProviderRefusesFails() throws Exception {
        http.stubFor(post(urlEqualTo(MESSAGES_PATH)).atPriority(1)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"code\": 21211, \"message\": \"The 'To' number +919800000000 is not a valid phone"
                                + " number.\", \"status\": 400}")));

        Exchange sent = send("kamelet:dabba-twilio-sms-sink", mapper.writeValueAsString(
                Map.of("id", UUID.randomUUID().toString(), "to", "+919800000000", "body", "Hello")));

        HttpOperationFailedException failure = assertInstanceOf(HttpOperationFailedException.class, sent.getException());
        assertEquals(400, failure.getStatusCode());
        assertTrue(failure.getResponseBody().contains("21211"), failure.getResponseBody());
    }

    // ---- Email

    @Test
    void anEmailWithHtmlIsMultipartAlternativeInUtf8AndCarriesNoHeaderOfTheFlow() throws Exception {
        String subject = "आपका ऑर्डर #437819AF पहुँच गया";
        String text = "नमस्ते! आपका ऑर्डर पहुँच गया। ₹550.00";
        String html = "<html><body><p>नमस्ते! आपका <b>ऑर्डर</b> पहुँच गया। ₹550.00</p></body></html>";

        Exchange sent = send("kamelet:dabba-smtp-email-sink", mapper.writeValueAsString(Map.of(
                "id", UUID.randomUUID().toString(), "to", "priya@customer.example", "subject", subject,
                "text", text, "html", html)));

        assertNull(sent.getException(), () -> String.valueOf(sent.getException()));
        assertTrue(Peers.SMTP.waitForIncomingEmail(5000, 1));
        MimeMessage[] received = Peers.SMTP.getReceivedMessages();
        assertEquals(1, received.length);
        MimeMessage mail = received[0];
        assertEquals(List.of("Dabba <no-reply@dabba.example>"), addresses(mail.getFrom()));
        assertEquals(List.of("priya@customer.example"), addresses(mail.getAllRecipients()));
        assertEquals(subject, mail.getSubject());
        assertTrue(mail.getContentType().startsWith("multipart/alternative"), mail.getContentType());
        MimeMultipart parts = (MimeMultipart) mail.getContent();
        assertEquals(2, parts.getCount());
        assertTrue(parts.getBodyPart(0).isMimeType("text/plain"), parts.getBodyPart(0).getContentType());
        assertTrue(parts.getBodyPart(0).getContentType().toUpperCase().contains("UTF-8"));
        assertEquals(text, parts.getBodyPart(0).getContent());
        assertTrue(parts.getBodyPart(1).isMimeType("text/html"), parts.getBodyPart(1).getContentType());
        assertEquals(html, parts.getBodyPart(1).getContent());
        assertNull(mail.getHeader("X-Leak"), "no header of the flow becomes a mail header");
        assertNull(mail.getHeader("CamelHttpPath"));
        assertNull(mail.getHeader("contentType"));
        List<String> names = new ArrayList<>();
        Collections.list(mail.getAllHeaders()).forEach(h -> names.add(h.getName().toLowerCase()));
        names.removeAll(List.of("from", "to", "subject", "message-id", "date", "mime-version", "content-type",
                "received", "return-path"));
        assertEquals(List.of(), names, "only the mail's own headers");
        assertNotNull(sent.getMessage().getHeader(ChannelHeaders.PROVIDER_MESSAGE_ID));
    }

    @Test
    void anEmailWithoutHtmlIsPlainText() throws Exception {
        Exchange sent = send("kamelet:dabba-smtp-email-sink", mapper.writeValueAsString(Map.of(
                "id", UUID.randomUUID().toString(), "to", "ravi@customer.example", "subject", "Your order is here",
                "text", "Enjoy your meal, रवि!")));

        assertNull(sent.getException(), () -> String.valueOf(sent.getException()));
        assertTrue(Peers.SMTP.waitForIncomingEmail(5000, 1));
        MimeMessage mail = Peers.SMTP.getReceivedMessages()[0];
        assertTrue(mail.isMimeType("text/plain"), mail.getContentType());
        assertEquals("Enjoy your meal, रवि!", ((String) mail.getContent()).strip());
    }

    @Test
    void anSmtpServerThatIsDownFailsTheSend() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Exchange sent = send("kamelet:dabba-smtp-email-sink?port=" + closed + "&connectionTimeout=2000",
                mapper.writeValueAsString(Map.of("id", UUID.randomUUID().toString(), "to", "a@b.example",
                        "subject", "s", "text", "t")));

        assertInstanceOf(jakarta.mail.MessagingException.class, sent.getException());
        assertInstanceOf(IOException.class, sent.getException().getCause(), "a connection failure");
    }

    @Test
    void aRecipientTheServerRefusesFailsTheSend() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread refuser = new Thread(() -> refuseEveryRecipient(server), "smtp-refuser");
            refuser.setDaemon(true);
            refuser.start();

            Exchange sent = send("kamelet:dabba-smtp-email-sink?port=" + server.getLocalPort(),
                    mapper.writeValueAsString(Map.of("id", UUID.randomUUID().toString(), "to", "nobody@dabba.example",
                            "subject", "s", "text", "t")));

            jakarta.mail.SendFailedException refused = assertInstanceOf(jakarta.mail.SendFailedException.class,
                    sent.getException());
            assertEquals(List.of("nobody@dabba.example"), addresses(refused.getInvalidAddresses()));
        }
    }

    /** An SMTP server that takes the login and the sender and refuses every recipient: 550, no such user. */
    static void refuseEveryRecipient(ServerSocket server) {
        try (java.net.Socket client = server.accept();
                java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                        client.getInputStream(), StandardCharsets.US_ASCII));
                java.io.Writer out = new java.io.OutputStreamWriter(client.getOutputStream(), StandardCharsets.US_ASCII)) {
            out.write("220 refuser.dabba.example ESMTP\r\n");
            out.flush();
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.toUpperCase(java.util.Locale.ROOT);
                if (command.startsWith("EHLO")) {
                    out.write("250-refuser.dabba.example\r\n250 AUTH PLAIN\r\n");
                } else if (command.equals("AUTH PLAIN")) {
                    out.write("334 \r\n");
                    out.flush();
                    in.readLine();
                    out.write("235 2.7.0 Authentication successful\r\n");
                } else if (command.startsWith("AUTH")) {
                    out.write("235 2.7.0 Authentication successful\r\n");
                } else if (command.startsWith("RCPT")) {
                    out.write("550 5.1.1 No such user here\r\n");
                } else if (command.startsWith("QUIT")) {
                    out.write("221 2.0.0 Bye\r\n");
                    out.flush();
                    return;
                } else {
                    out.write("250 2.0.0 OK\r\n");
                }
                out.flush();
            }
        } catch (IOException e) {
            // The test has ended.
        }
    }

    // ---- helpers

    LoggedRequest only(String path) {
        List<LoggedRequest> requests = http.findAll(postRequestedFor(urlEqualTo(path)));
        assertEquals(1, requests.size(), path);
        return requests.get(0);
    }

    /** Nothing of the flow, nor a secret, travels as a header. */
    static void assertOnlyProviderHeaders(LoggedRequest request, String... expected) {
        for (String name : List.of("X-Leak", "CamelHttpPath", "DabbaNotificationId", "DabbaGoogleServiceAccountKey",
                "DabbaGoogleTokenUri", "DabbaSmsAuthToken", "DabbaSmsAccountSid")) {
            assertNull(request.getHeader(name), name);
        }
        for (String name : expected) {
            assertNotNull(request.getHeader(name), name);
        }
        assertTrue(request.getHeaders().all().stream().noneMatch(h -> h.values().stream()
                .anyMatch(v -> v.contains("PRIVATE KEY") || v.contains(AUTH_TOKEN))), "no secret in a header");
        assertTrue(request.getHeaders().keys().stream().noneMatch(k -> k.startsWith("Dabba")), "no internal header");
    }

    static Map<String, String> form(String body) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return fields;
    }

    static List<String> addresses(Address[] addresses) {
        List<String> list = new ArrayList<>();
        for (Address a : addresses) {
            list.add(a.toString());
        }
        return list;
    }
}
