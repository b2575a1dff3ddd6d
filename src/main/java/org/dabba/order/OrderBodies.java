package org.dabba.order;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.dabba.payment.PaymentGateway.PaymentMethod;

/** The shapes of /orders, and what checkout hands the order feature to create one. */
public final class OrderBodies {

    private OrderBodies() {
    }

    /** Where the order goes, as the customer sent it; kept on the order unchanged. */
    public record DeliveryAddress(
            @NotBlank @Size(max = 200) String street,
            @NotBlank @Size(max = 100) String city,
            @NotBlank @Size(max = 20) String zipCode,
            @NotNull @DecimalMin("-90") @DecimalMax("90") BigDecimal latitude,
            @NotNull @DecimalMin("-180") @DecimalMax("180") BigDecimal longitude) {
    }

    /** One line of an order: the dish as the menu had it at checkout. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record OrderLine(UUID itemId, String name, BigDecimal unitPrice, int quantity, String specialInstructions,
            BigDecimal lineTotal) {
    }

    /**
     * What an order costs, as the checkout summary shows it and the order keeps it. Every amount has exactly 2
     * decimals, and {@code total = subtotal − discount + tax + platformFee + deliveryFee} holds exactly.
     */
    public record PriceBreakdown(BigDecimal subtotal, BigDecimal discount, BigDecimal tax, BigDecimal platformFee,
            BigDecimal deliveryFee, BigDecimal total, String currency) {
    }

    /** Everything checkout decided, for {@link OrderPlacement#create}. */
    public record NewOrder(UUID orderId, UUID customerId, UUID restaurantId, UUID cartId, String idempotencyKey,
            PaymentMethod paymentMethod, String promoCode, List<OrderLine> items, DeliveryAddress deliveryAddress,
            BigDecimal distanceKm, PriceBreakdown pricing, Integer estimatedDeliveryMinutes) {
    }

    /** {@code GET /orders/{orderId}/status}: what the app polls while the payment settles. */
    public record StatusView(UUID orderId, OrderStatus status, PaymentStatus paymentStatus, Instant updatedAt) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record TransitionView(OrderStatus from, OrderStatus to, PaymentStatus paymentStatus, String reason,
            Actor by, Instant at) {
    }

    /**
     * {@code GET /orders/{orderId}}: the whole order with its history; {@code prepTimeMinutes} and
     * {@code estimatedReadyAt} the restaurant's promise, {@code promisedDeliveryAt} checkout's (null in older orders).
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record OrderView(UUID orderId, UUID customerId, UUID restaurantId, UUID cartId, OrderStatus status,
            PaymentStatus paymentStatus, PaymentMethod paymentMethod, String paymentIntentId, String promoCode,
            List<OrderLine> items, DeliveryAddress deliveryAddress, BigDecimal distanceKm, PriceBreakdown pricing,
            List<TransitionView> history, Instant createdAt, Instant updatedAt, Instant paidAt,
            Integer prepTimeMinutes, Instant estimatedReadyAt, List<OrderRefundView> refunds,
            Instant promisedDeliveryAt, Instant pickedUpAt, Instant deliveredAt) {
    }

    /** One refund of the order, as the order shows it (its refund list, oldest first). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record OrderRefundView(UUID refundId, BigDecimal amount, String currency, OrderRefund.Status status,
            String reason, Actor requestedBy, String gatewayRefundId, Instant createdAt) {
    }

    /** How much of a cancelled order's charge goes back; an admin chooses, anyone else gets FULL. */
    public enum RefundType { FULL, PARTIAL, NONE }

    /** {@code refund} of a cancellation: PARTIAL needs an amount, FULL and NONE take none. */
    public record RefundAsk(@NotNull RefundType type, BigDecimal amount) {
    }

    /** {@code POST /orders/{orderId}/cancel}: why (the customer and the restaurant see it); admins choose the refund. */
    public record CancelRequest(@NotBlank @Size(min = 1, max = 200) String reason, @Valid RefundAsk refund) {
    }

    /** {@code POST /admin/orders/{orderId}/refunds}: part (or the rest) of the charge back, e.g. for a missing dish. */
    public record RefundRequest(@NotNull @DecimalMin("0.01") @Digits(integer = 10, fraction = 2) BigDecimal amount,
            @NotBlank @Size(min = 1, max = 200) String reason) {
    }

    /**
     * {@code GET /admin/restaurants/{restaurantId}/cancellations}: of the restaurant's orders paid in the window
     * (the last {@code days} days), how many its owner cancelled; {@code rate} = cancelled / paid, 4 places.
     */
    public record CancellationRate(UUID restaurantId, String window, Instant from, Instant to, long paidOrders,
            long cancelledByRestaurant, BigDecimal rate) {
    }

    /**
     * {@code GET /admin/restaurants/{restaurantId}/stats}: orders delivered from {@code from} to {@code to}, in
     * minutes to 0.1. Preparation: accepted to picked up; promised and actual: placed to the promise and to the
     * delivery, over the {@code promisedOrders}, as is the error (actual − promised, positive: late) and
     * {@code lateShare}. Null when no order has the times needed.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record DeliveryStats(UUID restaurantId, String window, Instant from, Instant to, long deliveredOrders,
            BigDecimal medianPrepMinutes, BigDecimal p90PrepMinutes, long promisedOrders,
            BigDecimal medianPromisedMinutes, BigDecimal medianActualMinutes, BigDecimal meanAbsoluteErrorMinutes,
            BigDecimal meanSignedErrorMinutes, BigDecimal lateShare) {
    }

    /**
     * {@code GET /restaurants/{restaurantId}/numbers}: the restaurant's UTC day. {@code orders}: paid that day;
     * {@code revenue}: their totals, less those rejected or cancelled (refunded); {@code avgPrepMinutes}: accepted
     * to ready (or picked up) over the orders accepted that day, to 0.1, null without any; the rating is the
     * restaurant's running average with its latest reviews.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record RestaurantNumbers(UUID restaurantId, java.time.LocalDate date, Instant from, Instant to,
            long orders, long cancelledOrders, BigDecimal revenue, String currency, BigDecimal avgPrepMinutes,
            BigDecimal ratingAverage, int ratingCount, List<Review> recentReviews) {
    }

    /** A customer's stars and words for one order, as the restaurant reads them. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Review(UUID orderId, int stars, String comment, Instant createdAt) {
    }

    /** A payment the gateway reported that did not match its order; it changed nothing. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record PaymentMismatchView(UUID id, String eventId, String paymentIntentId, UUID orderId,
            long expectedAmount, long receivedAmount, String expectedCurrency, String receivedCurrency,
            boolean livemode, String detail, Instant receivedAt) {
    }

    public record PaymentMismatchPage(List<PaymentMismatchView> items, int page, int size, long total) {
    }

    /** A page of orders, newest first; {@code history} is left out of list items (null). */
    public record OrderPage(List<OrderView> items, int page, int size, long total) {
    }

    /** {@code POST /restaurants/{restaurantId}/orders/{orderId}/accept}; without a time, the restaurant's usual one. */
    public record AcceptRequest(@Min(1) @Max(240) Integer prepTimeMinutes) {
    }

    /** {@code POST .../reject}: why, in words the customer will read. */
    public record RejectRequest(@NotBlank @Size(max = 200) String reason) {
    }

    /** {@code POST .../status}: where the restaurant moves the order on (IN_PREPARATION for now). */
    public record StatusRequest(@NotNull OrderStatus status) {
    }

    /** {@code POST /orders/{orderId}/rating}. */
    public record RatingRequest(@NotNull @Min(1) @Max(5) Integer stars, @Size(max = 1000) String comment) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record RatingView(UUID orderId, UUID restaurantId, int stars, String comment, Instant createdAt) {
    }

    /** A refund not done yet ({@code GET /admin/refunds}); {@code alert}: failed often enough to need a look. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record RefundView(UUID orderId, UUID refundId, UUID restaurantId, UUID customerId, OrderStatus status,
            String paymentIntentId, BigDecimal amount, String currency, String reason, Actor requestedBy,
            Instant requestedAt, int attempts, String lastError, Instant lastAttemptAt, Instant nextAttemptAt,
            boolean alert) {
    }

    public record RefundPage(List<RefundView> items, int page, int size, long total) {
    }

    /** What checkout needs of an order to answer (and replay) {@code POST /orders/checkout}. */
    public record CheckoutState(UUID orderId, UUID cartId, OrderStatus status, PaymentStatus paymentStatus,
            PaymentMethod paymentMethod, String paymentIntentId, String clientSecret, BigDecimal total,
            String currency, Instant createdAt) {
    }

    /**
     * A CDI event, in the changing transaction: the payment is settled, {@code paid} or never to be. What was held
     * for the pending order (the cart, the promotion use) is let go.
     */
    public record PaymentSettled(UUID orderId, UUID customerId, UUID cartId, OrderStatus status,
            String paymentIntentId) {

        public boolean paid() {
            return status == OrderStatus.PENDING_RESTAURANT_ACCEPTANCE;
        }
    }

    /** An order as its delivery sees it: the delivery feature reads orders only through this. */
    public record DeliveryView(UUID orderId, UUID customerId, UUID restaurantId, OrderStatus status, UUID courierId,
            BigDecimal dropoffLat, BigDecimal dropoffLong, Instant readyAt, Instant acceptedAt,
            Instant estimatedReadyAt, Instant courierAssignedAt, BigDecimal deliveryFee, String currency,
            List<OrderLine> items, DeliveryAddress deliveryAddress) {

        /** Assigned or on its way, not yet delivered: when the customer may see the courier. */
        public boolean tracked() {
            return courierId != null && (status == OrderStatus.ACCEPTED || status == OrderStatus.IN_PREPARATION
                    || status == OrderStatus.OUT_FOR_DELIVERY);
        }
    }
}
