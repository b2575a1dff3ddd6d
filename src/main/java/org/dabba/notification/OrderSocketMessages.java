package org.dabba.notification;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/** The messages of the customer's order socket; each has a {@code type}. */
public final class OrderSocketMessages {

    private OrderSocketMessages() {
    }

    /**
     * {@code order.status}: where the order stands. The snapshot on connect has no {@code event}; a push names
     * the event that moved it. A client keeps the one with the latest {@code updatedAt}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OrderStatus(String type, UUID orderId, String status, String paymentStatus, Instant updatedAt,
            String event) {

        public static final String TYPE = "order.status";

        public OrderStatus(UUID orderId, String status, String paymentStatus, Instant updatedAt, String event) {
            this(TYPE, orderId, status, paymentStatus, updatedAt, event);
        }
    }

    /** {@code notification}: the notification the event wrote, as {@code GET /notifications} lists it. */
    public record Notification(String type, UUID id, String event, String title, String body, UUID orderId,
            Instant createdAt) {

        public static final String TYPE = "notification";

        public static Notification of(NotificationMessage n) {
            return new Notification(TYPE, n.id(), n.type(), n.title(), n.body(), n.subjectId(), n.createdAt());
        }
    }
}
