package org.dabba.order;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.dabba.payment.PaymentGateway.PaymentMethod;

/** The shapes of /orders, and what checkout hands the order feature to create one. */
public final class OrderApi {

    private OrderApi() {
    }

    /** Where the order goes (the body); kept on the order as it was sent. */
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

    /** What the order costs (checkout's price breakdown). */
    public record Pricing(BigDecimal subtotal, BigDecimal discount, BigDecimal tax, BigDecimal platformFee,
            BigDecimal deliveryFee, BigDecimal total, String currency) {
    }

    /** Everything checkout decided, for {@link OrderService#create}. */
    public record NewOrder(UUID orderId, UUID customerId, UUID restaurantId, UUID cartId, String idempotencyKey,
            PaymentMethod paymentMethod, String promoCode, List<OrderLine> items, DeliveryAddress deliveryAddress,
            BigDecimal distanceKm, Pricing pricing) {
    }

    /** {@code GET /orders/{orderId}/status}: what the app polls while the payment settles. */
    public record StatusView(UUID orderId, OrderStatus status, PaymentStatus paymentStatus, Instant updatedAt) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record TransitionView(OrderStatus from, OrderStatus to, PaymentStatus paymentStatus, String reason,
            Instant at) {
    }

    /** {@code GET /orders/{orderId}}: the whole order, its history included. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record OrderView(UUID orderId, UUID customerId, UUID restaurantId, UUID cartId, OrderStatus status,
            PaymentStatus paymentStatus, PaymentMethod paymentMethod, String paymentIntentId, String promoCode,
            List<OrderLine> items, DeliveryAddress deliveryAddress, BigDecimal distanceKm, Pricing pricing,
            List<TransitionView> history, Instant createdAt, Instant updatedAt) {
    }

    /** A page of orders, newest first; {@code history} is left out of list items (null). */
    public record OrderPage(List<OrderView> items, int page, int size, long total) {
    }

    /**
     * What checkout needs of an order to answer (and replay) {@code POST /orders/checkout}: its id, state, intent
     * and amount.
     */
    public record CheckoutState(UUID orderId, UUID cartId, OrderStatus status, PaymentStatus paymentStatus,
            PaymentMethod paymentMethod, String paymentIntentId, String clientSecret, BigDecimal total,
            String currency, Instant createdAt) {
    }

    /**
     * Fired (a CDI event, in the changing transaction) when an order's payment is settled one way or the other:
     * {@code paid}, or never to be paid (PAYMENT_FAILED, CANCELLED before payment). Features that hold something
     * for a pending order give it back or let it go: the cart, the promotion use.
     */
    public record PaymentSettled(UUID orderId, UUID customerId, UUID cartId, OrderStatus status,
            String paymentIntentId) {

        public boolean paid() {
            return status == OrderStatus.PENDING_RESTAURANT_ACCEPTANCE;
        }
    }
}
