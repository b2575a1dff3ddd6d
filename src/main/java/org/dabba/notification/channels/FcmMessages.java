package org.dabba.notification.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.dabba.platform.Text;
import org.dabba.platform.Time;

/**
 * A push message as Firebase Cloud Messaging's HTTP v1 API takes it ({@code {"message": {...}}}), and what its
 * answer means. Kamelet {@code dabba-fcm-push-sink} calls it as the bean {@code fcmMessages}.
 *
 * <p>HIGH priority (a new order for a restaurant, a delivery offer for a courier) is a data message: the app builds
 * the notification itself (a ringing, full-screen one), so Android wakes it even in Doze. Apple's devices do not
 * deliver a data-only message at priority 10 (FCM refuses it: a background push must be priority 5 and may be held
 * back for hours), so for them the same message carries an APNs alert with the title and body: a visible alert push
 * at priority 10, the data riding along as custom keys. NORMAL priority is a notification message the system shows.
 */
@ApplicationScoped
@Named("fcmMessages")
public class FcmMessages {

    /** Web Push's Topic: at most 32 characters of the URL-safe base64 alphabet (RFC 8030). */
    private static final Pattern WEBPUSH_TOPIC = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    /** APNs refuses an apns-collapse-id longer than 64 bytes. */
    private static final int APNS_COLLAPSE_ID_MAX_BYTES = 64;

    @Inject
    ObjectMapper mapper;

    /** Replaces the channel's push message (the body) by the FCM v1 request body. */
    public void toFcm(Exchange exchange) throws IOException {
        JsonNode push = mapper.readTree(exchange.getMessage().getBody(String.class));
        exchange.getMessage().setBody(mapper.writeValueAsString(message(push, Time.now().getEpochSecond())));
    }

    ObjectNode message(JsonNode push, long nowEpochSecond) {
        String token = required(push, "token");
        String title = required(push, "title");
        String body = required(push, "body");
        boolean high = "HIGH".equals(required(push, "priority"));
        Long ttl = push.hasNonNull("ttlSeconds") ? push.get("ttlSeconds").asLong() : null;
        String collapseKey = push.hasNonNull("collapseKey") && !push.get("collapseKey").asText().isEmpty()
                ? push.get("collapseKey").asText() : null;

        ObjectNode root = mapper.createObjectNode();
        ObjectNode message = root.putObject("message");
        message.put("token", token);
        if (!high) {
            ObjectNode notification = message.putObject("notification");
            notification.put("title", title);
            notification.put("body", body);
        }
        // FCM's data is a map of strings only.
        ObjectNode data = message.putObject("data");
        if (high) {
            data.put("title", title);
            data.put("body", body);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = push.path("data").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getValue().isNull()) {
                data.put(field.getKey(), field.getValue().isValueNode() ? field.getValue().asText()
                        : field.getValue().toString());
            }
        }

        ObjectNode android = message.putObject("android");
        android.put("priority", high ? "HIGH" : "NORMAL");
        if (ttl != null) {
            android.put("ttl", ttl + "s");
        }
        if (collapseKey != null) {
            android.put("collapse_key", collapseKey);
            if (!high) {
                // Replaces the shown notification of the same key in the drawer rather than adding one.
                android.putObject("notification").put("tag", collapseKey);
            }
        }

        ObjectNode apns = message.putObject("apns");
        ObjectNode apnsHeaders = apns.putObject("headers");
        apnsHeaders.put("apns-priority", high ? "10" : "5");
        apnsHeaders.put("apns-push-type", "alert");
        if (ttl != null) {
            // 0: deliver once, now, or never (APNs stores nothing); else the epoch second it may be dropped after.
            apnsHeaders.put("apns-expiration", ttl == 0 ? "0" : Long.toString(nowEpochSecond + ttl));
        }
        if (collapseKey != null) {
            apnsHeaders.put("apns-collapse-id", collapseKey.getBytes(StandardCharsets.UTF_8).length
                    <= APNS_COLLAPSE_ID_MAX_BYTES ? collapseKey : digest(collapseKey));
        }
        if (high) {
            ObjectNode aps = apns.putObject("payload").putObject("aps");
            ObjectNode alert = aps.putObject("alert");
            alert.put("title", title);
            alert.put("body", body);
            aps.put("sound", "default");
        }

        ObjectNode webpush = message.putObject("webpush");
        ObjectNode webpushHeaders = webpush.putObject("headers");
        webpushHeaders.put("Urgency", high ? "high" : "normal");
        if (ttl != null) {
            webpushHeaders.put("TTL", Long.toString(ttl));
        }
        if (collapseKey != null) {
            // Topic replaces a message still waiting at the push service; the tag a notification already shown.
            webpushHeaders.put("Topic", WEBPUSH_TOPIC.matcher(collapseKey).matches() ? collapseKey
                    : digest(collapseKey).substring(0, 32));
            if (!high) {
                webpush.putObject("notification").put("tag", collapseKey);
            }
        }
        return root;
    }

    /**
     * Called with FCM's refusal (the caught HttpOperationFailedException): a token FCM no longer knows
     * ({@code UNREGISTERED}: the app was uninstalled or the token expired) completes the send with
     * {@value ChannelHeaders#ADDRESS_GONE}, so that the device is forgotten; anything else fails the send again.
     */
    public void refused(Exchange exchange) throws Exception {
        HttpOperationFailedException refusal = exchange.getProperty(Exchange.EXCEPTION_CAUGHT,
                HttpOperationFailedException.class);
        if (refusal == null) {
            Exception other = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
            throw other != null ? other : new IllegalStateException("No FCM answer to judge");
        }
        if (unregistered(refusal)) {
            exchange.removeProperty(Exchange.EXCEPTION_CAUGHT);
            exchange.getMessage().setHeader(ChannelHeaders.ADDRESS_GONE, true);
            return;
        }
        if (refusal.getStatusCode() == 401) {
            // A token Google no longer honours: the next try fetches a new one.
            GoogleAccessTokens.forget(exchange);
        }
        throw refusal;
    }

    boolean unregistered(HttpOperationFailedException refusal) {
        int status = refusal.getStatusCode();
        if ((status != 404 && status != 400) || refusal.getResponseBody() == null) {
            return false;
        }
        try {
            for (JsonNode detail : mapper.readTree(refusal.getResponseBody()).path("error").path("details")) {
                if ("type.googleapis.com/google.firebase.fcm.v1.FcmError".equals(detail.path("@type").asText())
                        && "UNREGISTERED".equals(detail.path("errorCode").asText())) {
                    return true;
                }
            }
        } catch (IOException notJson) {
            return false;
        }
        return false;
    }

    /** A stable short stand-in for a key too long for a header: the hex of its SHA-256 (64 characters). */
    static String digest(String key) {
        return Text.digest("SHA-256", key);
    }

    static String required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.asText().isEmpty()) {
            throw new IllegalArgumentException("The push message has no " + field);
        }
        return value.asText();
    }
}
