package org.dabba.notification;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.dabba.order.OrderChanges;
import org.dabba.platform.events.CloudEvent;

/**
 * What an order event tells the order's customer: the one mapping from event to notification, pure (no database,
 * no clock), so the writer and the live pusher derive the same notification from the same event.
 */
public final class OrderNotifications {

    /** Published by the delivery feature (the courier issue); named here until it has constants. */
    static final String DELIVERY_STARTED = "order.delivery.started";
    static final String DELIVERED = "order.delivered";
    static final String DELIVERY_DELAYED = "order.delivery.delayed";

    /** The reason the order feature gives when the restaurant never answered. */
    static final String RESTAURANT_TIMEOUT = "restaurant-timeout";

    private static final Locale INDIA = Locale.forLanguageTag("en-IN");

    private OrderNotifications() {
    }

    /** The customer's notification for {@code event}, or empty for events that make none. */
    public static Optional<NotificationMessage> of(CloudEvent event) {
        JsonNode data = event.data();
        if (data == null || !data.hasNonNull("customerId")) {
            return Optional.empty();
        }
        String order = "order #" + reference(data.path("orderId").asText(event.subject()));
        String amount = amount(data);
        String[] text = switch (event.type()) {
            case OrderChanges.PAID -> new String[] { "Your order has been placed!",
                    capitalized(order) + " (" + amount + ") is paid. We will tell you as soon as the restaurant "
                            + "accepts it." };
            case OrderChanges.CONFIRMED -> new String[] { "Your order was accepted by the restaurant",
                    data.path("prepTimeMinutes").canConvertToInt() && data.path("prepTimeMinutes").asInt() > 0
                            ? capitalized(order) + " will be ready in about " + data.path("prepTimeMinutes").asInt()
                                    + " minutes."
                            : "The restaurant will start preparing " + order + " shortly." };
            case OrderChanges.PREPARING -> new String[] { "Your order is being prepared",
                    "The restaurant has started preparing " + order + "." };
            case DELIVERY_STARTED -> new String[] { "Your order is out for delivery",
                    capitalized(order) + " has left the restaurant and is on its way to you." };
            case DELIVERY_DELAYED -> new String[] { "Your delivery is delayed",
                    "We are still looking for a delivery partner for " + order + ". Sorry for the wait; we will "
                            + "tell you as soon as one is on the way." };
            case DELIVERED -> new String[] { "Your order was delivered",
                    "Enjoy your meal! You can rate " + order + " in the app." };
            case OrderChanges.REJECTED -> new String[] { "Your order was rejected, refund issued",
                    "The restaurant could not take " + order + why(data.path("reason").asText(""))
                            + ". The full " + amount + " is being refunded to your payment method." };
            case OrderChanges.REFUNDED -> new String[] { "Refund issued for your order",
                    (data.has("amount") ? money(data.path("amount"), data) : amount) + " for " + order
                            + " is on its way back to your payment method; banks usually take 5-7 working days to "
                            + "show it." };
            case OrderChanges.PAYMENT_FAILED -> new String[] { "Your payment did not go through",
                    capitalized(order) + " was not placed and nothing was charged. Your cart is still there for "
                            + "another try." };
            case OrderChanges.CANCELLED -> cancelled(data, order, amount);
            default -> null;
        };
        if (text == null) {
            return Optional.empty();
        }
        return Optional.of(new NotificationMessage(NotificationMessage.idFor(event.id()),
                UUID.fromString(data.path("customerId").asText()), event.type(), text[0], text[1],
                UUID.fromString(event.subject()), event.time()));
    }

    /** The short reference a customer reads: the order id's first 8 characters. */
    static String reference(String orderId) {
        return orderId.length() < 8 ? orderId : orderId.substring(0, 8).toUpperCase(Locale.ROOT);
    }

    private static String why(String reason) {
        if (reason.isBlank()) {
            return "";
        }
        return RESTAURANT_TIMEOUT.equals(reason) ? ": it did not respond in time" : ": " + reason;
    }

    /** Who cancelled, why, and what happens to the money, in the customer's words. */
    private static String[] cancelled(JsonNode data, String order, String amount) {
        String reason = data.path("reason").asText("");
        String money = data.has("refund") ? refundText(data, amount)
                : afterCancel(data.path("paymentStatus").asText(""), amount);
        return switch (data.path("cancelledBy").path("kind").asText("")) {
            case "CUSTOMER" -> new String[] { "Your order was cancelled", "You cancelled " + order + money };
            case "RESTAURANT" -> new String[] { "The restaurant cancelled your order",
                    "The restaurant had to cancel " + order + because(reason) + money };
            case "ADMIN" -> new String[] { "Your order was cancelled by Dabba support",
                    capitalized(order) + " was cancelled by our support team" + because(reason) + money };
            case "SYSTEM" -> OrderChanges.DISPATCH_DEADLINE.equals(reason)
                    ? new String[] { "No delivery partner could be found",
                            "We could not find a delivery partner for " + order + " in time, so it was cancelled"
                                    + money }
                    : new String[] { "Your order was cancelled", capitalized(order) + " was cancelled" + money };
            default -> new String[] { "Your order was cancelled", capitalized(order) + " was cancelled" + money };
        };
    }

    private static String because(String reason) {
        return reason.isBlank() ? "" : ": " + reason;
    }

    /** The refund the cancellation asked for: all of the charge, part of it, none, or nothing was charged. */
    private static String refundText(JsonNode data, String amount) {
        if ("FAILED".equals(data.path("paymentStatus").asText()) || "PENDING".equals(data.path("paymentStatus")
                .asText())) {
            return " before it was paid; nothing was charged.";
        }
        JsonNode refund = data.path("refund").path("amount");
        BigDecimal back = refund.isNumber() || refund.isTextual() ? new BigDecimal(refund.asText()) : BigDecimal.ZERO;
        if (back.signum() == 0) {
            return ". No refund was issued for it; contact support with any questions.";
        }
        boolean all = data.path("total").isNumber() || data.path("total").isTextual()
                ? back.compareTo(new BigDecimal(data.path("total").asText())) >= 0 : true;
        return all ? ". The full " + amount + " you paid is being refunded to your payment method."
                : ". " + money(refund, data) + " of the " + amount + " you paid is being refunded to your payment "
                        + "method.";
    }

    private static String afterCancel(String paymentStatus, String amount) {
        return switch (paymentStatus) {
            case "SUCCEEDED" -> "; the " + amount + " you paid will be refunded.";
            case "REFUNDED" -> "; the " + amount + " you paid has been refunded.";
            default -> " before it was paid; nothing was charged.";
        };
    }

    /** The order's total as a customer reads it, e.g. ₹550.00. */
    static String amount(JsonNode data) {
        return money(data.path("total"), data);
    }

    /** A sum of the order's currency as a customer reads it, e.g. ₹100.01. */
    static String money(JsonNode value, JsonNode data) {
        if (!value.isNumber() && !value.isTextual()) {
            return "the amount";
        }
        BigDecimal total = new BigDecimal(value.asText()).setScale(2, RoundingMode.HALF_EVEN);
        String code = data.path("currency").asText("");
        try {
            String symbol = Currency.getInstance(code).getSymbol(INDIA);
            return symbol.equals(code) ? total.toPlainString() + " " + code : symbol + total.toPlainString();
        } catch (IllegalArgumentException e) {
            return (total.toPlainString() + " " + code).trim();
        }
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
