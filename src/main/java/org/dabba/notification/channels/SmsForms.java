package org.dabba.notification.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.dabba.platform.Text;

/**
 * An SMS as Twilio's Messages API takes it: a form ({@code To}, {@code Body}, and {@code From} or
 * {@code MessagingServiceSid}) POSTed with HTTP basic authentication (account SID and auth token), sent at once
 * rather than after a challenge. Kamelet {@code dabba-twilio-sms-sink} calls it as the bean {@code smsForms}.
 */
@ApplicationScoped
@Named("smsForms")
public class SmsForms {

    public static final String ACCOUNT_SID_HEADER = "DabbaSmsAccountSid";
    public static final String AUTH_TOKEN_HEADER = "DabbaSmsAuthToken";
    public static final String FROM_HEADER = "DabbaSmsFrom";
    public static final String MESSAGING_SERVICE_SID_HEADER = "DabbaSmsMessagingServiceSid";

    /** E.164: a plus, then up to 15 digits, the first not 0. */
    static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

    @Inject
    ObjectMapper mapper;

    /** Replaces the channel's SMS (the body) by the form, with its authorization; removes the credentials' headers. */
    public void toForm(Exchange exchange) throws IOException {
        Message message = exchange.getMessage();
        String accountSid = Text.blankToNull(message.getHeader(ACCOUNT_SID_HEADER, String.class));
        String authToken = Text.blankToNull(message.getHeader(AUTH_TOKEN_HEADER, String.class));
        String from = Text.blankToNull(message.getHeader(FROM_HEADER, String.class));
        String messagingServiceSid = Text.blankToNull(message.getHeader(MESSAGING_SERVICE_SID_HEADER, String.class));
        message.removeHeaders("DabbaSms*");
        if (accountSid == null || authToken == null) {
            throw new IllegalArgumentException("The SMS sink needs accountSid and authToken");
        }
        if ((from == null) == (messagingServiceSid == null)) {
            throw new IllegalArgumentException("The SMS sink needs exactly one of from (an E.164 number) and "
                    + "messagingServiceSid");
        }

        JsonNode sms = mapper.readTree(message.getBody(String.class));
        String to = Text.blankToNull(sms.path("to").asText(null));
        String body = Text.blankToNull(sms.path("body").asText(null));
        if (to == null || !E164.matcher(to).matches()) {
            throw new IllegalArgumentException("The SMS's to is not an E.164 number");
        }
        if (body == null) {
            throw new IllegalArgumentException("The SMS has no body");
        }
        StringBuilder form = new StringBuilder();
        field(form, "To", to);
        if (from != null) {
            field(form, "From", from);
        } else {
            field(form, "MessagingServiceSid", messagingServiceSid);
        }
        field(form, "Body", body);

        message.setHeader("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((accountSid + ':' + authToken).getBytes(StandardCharsets.UTF_8)));
        message.setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded");
        message.setBody(form.toString().getBytes(StandardCharsets.US_ASCII));
    }

    private static void field(StringBuilder form, String name, String value) {
        if (!form.isEmpty()) {
            form.append('&');
        }
        form.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
}
