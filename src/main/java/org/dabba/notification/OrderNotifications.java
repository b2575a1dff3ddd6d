package org.dabba.notification;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.dabba.order.OrderChanges;
import org.dabba.order.PaymentStatus;
import org.dabba.order.events.OrderCancelled;
import org.dabba.order.events.OrderConfirmed;
import org.dabba.order.events.OrderDelivered;
import org.dabba.order.events.OrderDeliveryDelayed;
import org.dabba.order.events.OrderDeliveryStarted;
import org.dabba.order.events.OrderEvent;
import org.dabba.order.events.OrderEventTypes;
import org.dabba.order.events.OrderPaid;
import org.dabba.order.events.OrderPaymentFailed;
import org.dabba.order.events.OrderPreparationStarted;
import org.dabba.order.events.OrderRefunded;
import org.dabba.order.events.OrderRejected;
import org.dabba.order.events.OrderSnapshot;
import org.dabba.platform.events.CloudEvent;

/**
 * What an order event tells the order's customer: the one mapping from event to notification, pure (no database,
 * no clock), so the writer and the live pusher derive the same notification from the same event.
 */
public final class OrderNotifications {

    private static final Locale INDIA = Locale.forLanguageTag("en-IN");

    /** What becomes of the customer's money when an order is cancelled. */
    enum MoneyBack {
        /** Never paid: nothing was charged. */
        UNPAID,
        /** Paid, and support decided nothing comes back. */
        NONE,
        /** All of the charge is being refunded. */
        FULL,
        /** Part of the charge is being refunded ({@code refundAmount}). */
        PARTIAL,
        /** Paid; the refund follows. */
        WILL_BE_REFUNDED,
        /** Paid and already refunded. */
        REFUNDED
    }

    private OrderNotifications() {
    }

    /**
     * What the customer's notification for {@code event} is made of, for the templates that say it on other channels
     * and in other locales ({@link NotificationTemplates}): the same pure reading as {@link #of}. Keys:
     * {@code orderId}, {@code orderRef}, {@code total}, {@code currency}; by event {@code prepMinutes},
     * {@code reason} (the customer's words, null when none is shown), {@code restaurantTimedOut},
     * {@code refundAmount}, {@code cancelledBy} (CUSTOMER, RESTAURANT, ADMIN, SYSTEM or empty), {@code noCourier},
     * {@code moneyBack} ({@link MoneyBack}).
     */
    public static Map<String, Object> facts(CloudEvent event) {
        Map<String, Object> facts = new LinkedHashMap<>();
        OrderEvent e = OrderEventTypes.read(event).orElse(null);
        if (e == null || e.order() == null) {
            return facts;
        }
        OrderSnapshot o = e.order();
        String id = o.orderId() == null ? event.subject() : o.orderId().toString();
        facts.put("orderId", id);
        facts.put("orderRef", reference(id));
        facts.put("total", o.total());
        facts.put("currency", o.currency());
        if (e instanceof OrderConfirmed c) {
            facts.put("prepMinutes", c.prepTimeMinutes() != null && c.prepTimeMinutes() > 0 ? c.prepTimeMinutes()
                    : null);
        } else if (e instanceof OrderRejected r) {
            boolean timedOut = OrderChanges.RESTAURANT_TIMEOUT.equals(r.reason());
            facts.put("restaurantTimedOut", timedOut);
            facts.put("reason", timedOut || r.reason() == null || r.reason().isBlank() ? null : r.reason());
        } else if (e instanceof OrderRefunded r) {
            facts.put("refundAmount", r.amount() != null ? r.amount() : o.total());
        } else if (e instanceof OrderCancelled c) {
            String reason = c.reason() == null ? "" : c.reason();
            String by = by(c);
            facts.put("cancelledBy", by);
            facts.put("noCourier", noCourier(by, reason));
            facts.put("reason", reason.isBlank() || noCourier(by, reason) ? null : reason);
            MoneyBack back = moneyBack(c);
            facts.put("moneyBack", back.name());
            facts.put("refundAmount", back == MoneyBack.PARTIAL ? c.refund().amount() : null);
        }
        return facts;
    }

    /** The customer's notification for {@code event}, or empty for events that make none. */
    public static Optional<NotificationMessage> of(CloudEvent event) {
        OrderEvent e = OrderEventTypes.read(event).orElse(null);
        if (e == null || e.order() == null || e.order().customerId() == null) {
            return Optional.empty();
        }
        OrderSnapshot o = e.order();
        String order = "order #" + reference(o.orderId() == null ? event.subject() : o.orderId().toString());
        String amount = money(o.total(), o.currency());
        String[] text = null;
        if (e instanceof OrderPaid) {
            text = new String[] { "Your order has been placed!", capitalized(order) + " (" + amount + ") is paid. "
                    + "We will tell you as soon as the restaurant accepts it." };
        } else if (e instanceof OrderConfirmed c) {
            text = new String[] { "Your order was accepted by the restaurant",
                    c.prepTimeMinutes() != null && c.prepTimeMinutes() > 0
                            ? capitalized(order) + " will be ready in about " + c.prepTimeMinutes() + " minutes."
                            : "The restaurant will start preparing " + order + " shortly." };
        } else if (e instanceof OrderPreparationStarted) {
            text = new String[] { "Your order is being prepared",
                    "The restaurant has started preparing " + order + "." };
        } else if (e instanceof OrderDeliveryStarted) {
            text = new String[] { "Your order is out for delivery",
                    capitalized(order) + " has left the restaurant and is on its way to you." };
        } else if (e instanceof OrderDeliveryDelayed) {
            text = new String[] { "Your delivery is delayed", "We are still looking for a delivery partner for "
                    + order + ". Sorry for the wait; we will tell you as soon as one is on the way." };
        } else if (e instanceof OrderDelivered) {
            text = new String[] { "Your order was delivered",
                    "Enjoy your meal! You can rate " + order + " in the app." };
        } else if (e instanceof OrderRejected r) {
            text = new String[] { "Your order was rejected, refund issued", "The restaurant could not take " + order
                    + why(r.reason()) + ". The full " + amount + " is being refunded to your payment method." };
        } else if (e instanceof OrderRefunded r) {
            text = new String[] { "Refund issued for your order",
                    (r.amount() != null ? money(r.amount(), o.currency()) : amount) + " for " + order
                            + " is on its way back to your payment method; banks usually take 5-7 working days to "
                            + "show it." };
        } else if (e instanceof OrderPaymentFailed) {
            text = new String[] { "Your payment did not go through", capitalized(order)
                    + " was not placed and nothing was charged. Your cart is still there for another try." };
        } else if (e instanceof OrderCancelled c) {
            text = cancelled(c, order, amount);
        }
        if (text == null) {
            return Optional.empty();
        }
        return Optional.of(new NotificationMessage(NotificationMessage.idFor(event.id()), o.customerId(),
                OrderEventTypes.name(event.type()), text[0], text[1], UUID.fromString(event.subject()),
                event.time()));
    }

    /** The short reference a customer reads: the order id's first 8 characters. */
    static String reference(String orderId) {
        return orderId.length() < 8 ? orderId : orderId.substring(0, 8).toUpperCase(Locale.ROOT);
    }

    private static String why(String reason) {
        if (reason == null || reason.isBlank()) {
            return "";
        }
        return OrderChanges.RESTAURANT_TIMEOUT.equals(reason) ? ": it did not respond in time" : ": " + reason;
    }

    /** Who cancelled, why, and what happens to the money, in the customer's words. */
    private static String[] cancelled(OrderCancelled c, String order, String amount) {
        String reason = c.reason() == null ? "" : c.reason();
        String money = moneyText(c, amount);
        String by = by(c);
        if (noCourier(by, reason)) {
            return new String[] { "No delivery partner could be found",
                    "We could not find a delivery partner for " + order + " in time, so it was cancelled" + money };
        }
        return switch (by) {
            case "CUSTOMER" -> new String[] { "Your order was cancelled", "You cancelled " + order + money };
            case "RESTAURANT" -> new String[] { "The restaurant cancelled your order",
                    "The restaurant had to cancel " + order + because(reason) + money };
            case "ADMIN" -> new String[] { "Your order was cancelled by Dabba support",
                    capitalized(order) + " was cancelled by our support team" + because(reason) + money };
            default -> new String[] { "Your order was cancelled", capitalized(order) + " was cancelled" + money };
        };
    }

    private static String because(String reason) {
        return reason.isBlank() ? "" : ": " + reason;
    }

    private static String by(OrderCancelled c) {
        return c.cancelledBy() == null ? "" : c.cancelledBy().kind().name();
    }

    /** Dispatch gave up: the customer hears that no delivery partner was found, not the internal reason. */
    private static boolean noCourier(String by, String reason) {
        return by.equals("SYSTEM") && OrderChanges.DISPATCH_DEADLINE.equals(reason);
    }

    /**
     * What becomes of the money: with a refund asked for, all of the charge, part of it, none, or nothing was
     * charged; without one, what the payment status says.
     */
    static MoneyBack moneyBack(OrderCancelled c) {
        PaymentStatus payment = c.order().paymentStatus();
        if (c.refund() != null) {
            if (payment == PaymentStatus.FAILED || payment == PaymentStatus.PENDING) {
                return MoneyBack.UNPAID;
            }
            BigDecimal back = c.refund().amount() == null ? BigDecimal.ZERO : c.refund().amount();
            if (back.signum() == 0) {
                return MoneyBack.NONE;
            }
            BigDecimal total = c.order().total();
            return total == null || back.compareTo(total) >= 0 ? MoneyBack.FULL : MoneyBack.PARTIAL;
        }
        if (payment == PaymentStatus.SUCCEEDED) {
            return MoneyBack.WILL_BE_REFUNDED;
        }
        return payment == PaymentStatus.REFUNDED ? MoneyBack.REFUNDED : MoneyBack.UNPAID;
    }

    private static String moneyText(OrderCancelled c, String amount) {
        return switch (moneyBack(c)) {
            case UNPAID -> " before it was paid; nothing was charged.";
            case NONE -> ". No refund was issued for it; contact support with any questions.";
            case FULL -> ". The full " + amount + " you paid is being refunded to your payment method.";
            case PARTIAL -> ". " + money(c.refund().amount(), c.order().currency()) + " of the " + amount
                    + " you paid is being refunded to your payment method.";
            case WILL_BE_REFUNDED -> "; the " + amount + " you paid will be refunded.";
            case REFUNDED -> "; the " + amount + " you paid has been refunded.";
        };
    }

    /** A sum of the order's currency as a customer reads it, e.g. ₹100.01. */
    static String money(BigDecimal value, String currency) {
        if (value == null) {
            return "the amount";
        }
        BigDecimal sum = value.setScale(2, RoundingMode.HALF_EVEN);
        String code = currency == null ? "" : currency;
        try {
            String symbol = Currency.getInstance(code).getSymbol(INDIA);
            return symbol.equals(code) ? sum.toPlainString() + " " + code : symbol + sum.toPlainString();
        } catch (IllegalArgumentException e) {
            return (sum.toPlainString() + " " + code).trim();
        }
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
