package org.dabba.notification;

import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.dabba.identity.Contacts;
import org.dabba.notification.Preferences.Channel;
import org.dabba.order.OrderBodies.DeliveryAddress;
import org.dabba.order.OrderBodies.OrderLine;
import org.dabba.order.OrderBodies.PriceBreakdown;
import org.dabba.order.OrderReads;
import org.dabba.order.events.OrderEvent;
import org.dabba.order.events.OrderEventTypes;
import org.dabba.order.events.OrderSnapshot;
import org.dabba.platform.events.CloudEvent;
import org.dabba.restaurant.RestaurantBodies.RestaurantView;
import org.dabba.restaurant.RestaurantService;

/**
 * What a message says on a channel, in a person's locale: Qute templates under {@code templates/notifications/}, one
 * file per template and locale, {@code <template>.<locale>.txt}, whose fragments say it per channel:
 * {@code push_title}, {@code push_text}, {@code sms}, {@code email_subject}, {@code email_text}. An email's HTML is
 * {@code <template>.<locale>.html} when there is one, else the text in the plain layout {@code email.<locale>.html}.
 * Every fragment but an email's text is said on one line. A locale Dabba does not write in reads English; a template
 * or fragment missing in a locale is read in English; an SMS without its own words says the push text, an email
 * without its own the push title and text; and a stored notification's English is its own title and body
 * ({@code notice.en.txt}), word for word.
 */
@ApplicationScoped
public class NotificationTemplates {

    /** The locales notifications are written in. */
    public static final Set<String> LOCALES = Set.of("en", "hi");

    static final String FOLDER = "notifications/";
    /** The English of every stored notification: its title and body. */
    static final String NOTICE = "notice";
    private static final Pattern ONE_LINE = Pattern.compile("\\s*\\R\\s*");

    @Inject
    Engine engine;

    @Inject
    OrderReads orders;

    @Inject
    RestaurantService restaurants;

    /**
     * A rendered message.
     *
     * @param title the push title, the email subject; null for SMS
     * @param text the push body, the SMS text, the email's plain-text part
     * @param html the email's HTML part; null elsewhere
     */
    public record Rendered(String title, String text, String html) {
    }

    /** One template file in one locale; {@code verbatim}: a stored notification's own words, as they are. */
    private record Source(Template template, String locale, boolean verbatim) {
    }

    /** A fragment rendered, and the locale it was written in. */
    private record Piece(String text, String locale) {
    }

    /** {@code template} for {@code channel} in {@code locale} (falling back to English) with {@code data}. */
    public Rendered render(String template, Channel channel, String locale, Map<String, Object> data) {
        List<Source> sources = sources(template, language(locale), data);
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("No notification template " + template);
        }
        return switch (channel) {
            case PUSH -> new Rendered(required(template, channel, sources, data, "push_title").text(),
                    required(template, channel, sources, data, "push_text").text(), null);
            case SMS -> new Rendered(null, required(template, channel, sources, data, "sms", "push_text").text(),
                    null);
            case EMAIL -> email(template, sources, data);
        };
    }

    /**
     * What a stored notification's templates read: {@code title} and {@code body} (its English), {@code type}, and
     * the facts its other locales say it with, read from the event the same pure way as the English
     * ({@link OrderNotifications#facts}, {@link RestaurantNotifications#facts}, {@link CourierNotifications#facts}).
     */
    public Map<String, Object> dataOf(CloudEvent event, NotificationMessage n) {
        Map<String, Object> data = new LinkedHashMap<>();
        if (n.type().startsWith("order.")) {
            data.putAll(OrderNotifications.facts(event));
        } else if (n.type().startsWith("restaurant.")) {
            data.putAll(RestaurantNotifications.facts(event));
        } else if (n.type().startsWith("courier.")) {
            data.putAll(CourierNotifications.facts(event));
        }
        data.put("type", n.type());
        data.put("title", n.title());
        data.put("body", n.body());
        return data;
    }

    /**
     * What {@code order.receipt} reads for a delivered order: the lines from the event's order, the sums as the order
     * keeps them ({@link OrderReads#pricing}) and the restaurant's name; nothing of the courier. Keys: {@code orderId},
     * {@code orderRef}, {@code restaurantName}, {@code placedAt}, {@code deliveredAt}, {@code currency}, {@code lines}
     * (each {@code name}, {@code quantity}, {@code unitPrice}, {@code lineTotal}), {@code subtotal}, {@code discount}
     * (null when none), {@code tax}, {@code platformFee}, {@code deliveryFee}, {@code total}, {@code deliveryAddress}
     * ({@code street}, {@code city}, {@code zipCode}; null when unknown).
     */
    public Map<String, Object> receiptData(CloudEvent orderDelivered) {
        OrderSnapshot o = OrderEventTypes.read(orderDelivered).map(OrderEvent::order)
                .filter(s -> s.orderId() != null)
                .orElseThrow(() -> new IllegalArgumentException("Not an order's event: " + orderDelivered.type()));
        PriceBreakdown price = orders.pricing(o.orderId())
                .orElseThrow(() -> new IllegalArgumentException("No order " + o.orderId()));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("orderId", o.orderId());
        data.put("orderRef", OrderNotifications.reference(o.orderId().toString()));
        data.put("restaurantName", restaurants.find(o.restaurantId()).map(RestaurantView::name).orElse("Dabba"));
        data.put("placedAt", o.placedAt() != null ? o.placedAt() : orderDelivered.time());
        data.put("deliveredAt", orderDelivered.time());
        data.put("currency", price.currency());
        List<Map<String, Object>> lines = new ArrayList<>();
        for (OrderLine line : o.items() == null ? List.<OrderLine>of() : o.items()) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("name", line.name());
            l.put("quantity", line.quantity());
            l.put("unitPrice", line.unitPrice());
            l.put("lineTotal", line.lineTotal());
            lines.add(l);
        }
        data.put("lines", lines);
        data.put("subtotal", price.subtotal());
        data.put("discount", price.discount() == null || price.discount().signum() == 0 ? null : price.discount());
        data.put("tax", price.tax());
        data.put("platformFee", price.platformFee());
        data.put("deliveryFee", price.deliveryFee());
        data.put("total", price.total());
        DeliveryAddress a = o.deliveryAddress();
        data.put("deliveryAddress", a == null ? null
                : Map.of("street", a.street(), "city", a.city(), "zipCode", a.zipCode()));
        return data;
    }

    private Rendered email(String template, List<Source> sources, Map<String, Object> data) {
        Piece subject = required(template, Channel.EMAIL, sources, data, "email_subject", "push_title");
        Piece text = required(template, Channel.EMAIL, sources, data, "email_text", "push_text");
        Template own = engine.getTemplate(FOLDER + template + "." + text.locale() + ".html");
        TemplateInstance html;
        if (own != null) {
            html = with(own.instance(), data).data("subject", subject.text());
        } else {
            html = engine.getTemplate(FOLDER + "email." + text.locale() + ".html").instance()
                    .data("subject", subject.text())
                    .data("paragraphs", Arrays.stream(text.text().split("\\R\\s*\\R")).map(String::strip).toList());
        }
        return new Rendered(subject.text(), text.text(), html.render().strip());
    }

    /** The files to read, best first: the locale's, English, and for a stored notification its own English. */
    private List<Source> sources(String template, String locale, Map<String, Object> data) {
        List<Source> sources = new ArrayList<>();
        for (String l : locale.equals(Contacts.DEFAULT_LOCALE) ? List.of(locale)
                : List.of(locale, Contacts.DEFAULT_LOCALE)) {
            Optional.ofNullable(engine.getTemplate(FOLDER + template + "." + l + ".txt"))
                    .ifPresent(t -> sources.add(new Source(t, l, false)));
        }
        if (!sources.isEmpty() && data.containsKey("title") && data.containsKey("body")) {
            sources.add(new Source(engine.getTemplate(FOLDER + NOTICE + "." + Contacts.DEFAULT_LOCALE + ".txt"),
                    Contacts.DEFAULT_LOCALE, true));
        }
        return sources;
    }

    /** The first of {@code fragments} found, file by file, rendered. */
    private Piece required(String template, Channel channel, List<Source> sources, Map<String, Object> data,
            String... fragments) {
        for (Source s : sources) {
            for (String id : fragments) {
                Template.Fragment f = s.template().getFragment(id);
                if (f != null) {
                    String text = with(f.instance(), data).render();
                    if (s.verbatim()) {
                        return new Piece(text, s.locale());
                    }
                    // Only an email's text has lines; the rest are written over several for reading, said on one.
                    text = text.strip();
                    return new Piece(id.equals("email_text") ? text : ONE_LINE.matcher(text).replaceAll(" "),
                            s.locale());
                }
            }
        }
        throw new IllegalArgumentException("Notification template " + template + " says nothing on " + channel);
    }

    private static TemplateInstance with(TemplateInstance instance, Map<String, Object> data) {
        data.forEach(instance::data);
        return instance;
    }

    /** The language Dabba writes to someone in: theirs if it is one of {@link #LOCALES}, else English. */
    static String language(String locale) {
        if (locale == null || locale.isBlank()) {
            return Contacts.DEFAULT_LOCALE;
        }
        String language = Locale.forLanguageTag(locale.replace('_', '-')).getLanguage();
        return LOCALES.contains(language) ? language : Contacts.DEFAULT_LOCALE;
    }
}
