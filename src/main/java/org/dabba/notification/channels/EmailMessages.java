package org.dabba.notification.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.mail.MailConstants;

/**
 * An email as Camel's mail component sends it: {@code To} and {@code Subject} as headers, and, when there is an HTML
 * version, the HTML as the body with the plain text as the alternative body (a multipart/alternative mail whose
 * readers pick the richest part they show), else the plain text alone; UTF-8 throughout. Kamelet
 * {@code dabba-smtp-email-sink} calls it as the bean {@code emailMessages}, after dropping every other header (the
 * mail component would make each one a mail header).
 */
@ApplicationScoped
@Named("emailMessages")
public class EmailMessages {

    @Inject
    ObjectMapper mapper;

    public void toMail(Exchange exchange) throws IOException {
        Message message = exchange.getMessage();
        JsonNode email = mapper.readTree(message.getBody(String.class));
        String to = email.path("to").asText("");
        String subject = email.path("subject").asText("");
        String text = email.path("text").asText("");
        String html = email.path("html").asText("");
        if (text.isEmpty() && html.isEmpty()) {
            throw new IllegalArgumentException("The email has neither text nor html");
        }
        message.setHeader(MailConstants.MAIL_TO, recipient(to));
        // One line: a line break in a subject would start a header of its own.
        message.setHeader(MailConstants.MAIL_SUBJECT, subject.replaceAll("[\\r\\n]+", " ").strip());
        // Content-Type (not the component's contentType header, which would also travel as a mail header of that
        // name): the mail's own Content-Type is set from it, or from the multipart.
        if (html.isEmpty()) {
            message.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=UTF-8");
            message.setBody(text);
        } else {
            message.setHeader(Exchange.CONTENT_TYPE, "text/html; charset=UTF-8");
            if (!text.isEmpty()) {
                message.setHeader(MailConstants.MAIL_ALTERNATIVE_BODY, text);
            }
            message.setBody(html);
        }
    }

    /** Exactly one address: the mail component would send to every one of a comma-separated list. */
    static String recipient(String to) {
        try {
            InternetAddress[] addresses = InternetAddress.parse(to, true);
            if (addresses.length != 1) {
                throw new IllegalArgumentException("An email goes to exactly one address");
            }
            addresses[0].validate();
            return addresses[0].toString();
        } catch (AddressException e) {
            throw new IllegalArgumentException("The email's to is not an address: " + e.getMessage());
        }
    }
}
