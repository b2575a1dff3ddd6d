package org.dabba.notification;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import org.dabba.platform.events.CloudEvent;
import org.dabba.notification.Preferences.Channel;

/** What a message says on a channel, in a person's locale. */
@ApplicationScoped
public class NotificationTemplates {

    /**
     * A rendered message.
     *
     * @param title the push title, the email subject; null for SMS
     * @param text the push body, the SMS text, the email's plain-text part
     * @param html the email's HTML part; null elsewhere
     */
    public record Rendered(String title, String text, String html) {
    }

    /** {@code template} for {@code channel} in {@code locale} (falling back to English) with {@code data}. */
    public Rendered render(String template, Channel channel, String locale, Map<String, Object> data) {
        return new Rendered((String) data.get("title"), (String) data.get("body"), null);
    }

    /** What the templates of notification {@code n}'s type read: its English texts and what its event says. */
    public Map<String, Object> dataOf(CloudEvent event, NotificationMessage n) {
        Map<String, Object> data = new HashMap<>();
        data.put("title", n.title());
        data.put("body", n.body());
        return data;
    }

    /** What the receipt of a delivered order reads. */
    public Map<String, Object> receiptData(CloudEvent orderDelivered) {
        return new HashMap<>();
    }
}
