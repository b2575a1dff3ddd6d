package org.dabba.checkout;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.dabba.order.OrderBodies.DeliveryAddress;
import org.dabba.order.OrderBodies.OrderLine;
import org.dabba.order.OrderBodies.PriceBreakdown;
import org.dabba.order.OrderStatus;
import org.dabba.payment.PaymentGateway.PaymentMethod;

/** The request and response bodies of /checkout/summary and /orders/checkout (as openapi.yaml describes them). */
public final class CheckoutBodies {

    /** The most an Idempotency-Key may be (Stripe's own limit). */
    static final int MAX_IDEMPOTENCY_KEY = 255;

    private CheckoutBodies() {
    }

    /** {@code POST /orders/checkout}. */
    public record CheckoutRequest(
            @NotNull UUID cartId,
            @NotNull @Valid DeliveryAddress deliveryAddress,
            @NotNull PaymentMethod paymentMethod,
            @Size(max = 40) String promoCode) {
    }

    /** {@code GET /checkout/summary}: the cart priced, and the minutes to the door an order would be promised now. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Summary(UUID cartId, UUID restaurantId, List<OrderLine> items, String promoCode,
            PriceBreakdown pricing, int estimatedDeliveryMinutes) {
    }

    /**
     * {@code POST /orders/checkout}'s 201: the order and its payment's client secret; {@code amount} in currency
     * units (the intent carries minor units).
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record CheckoutAnswer(UUID orderId, OrderStatus status, String paymentIntentId, String clientSecret,
            BigDecimal amount, String currency) {
    }

    /** Why a cart line cannot be ordered as it is: one entry of a 409 {@code cart-stale}. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record StaleItem(UUID itemId, String name, Reason reason, BigDecimal cartPrice, BigDecimal currentPrice) {

        public enum Reason { UNAVAILABLE, REMOVED, PRICE_CHANGED }
    }
}
