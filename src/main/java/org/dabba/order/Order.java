package org.dabba.order;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.dabba.payment.PaymentGateway.PaymentMethod;
import org.dabba.platform.Time;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * An order: items and address as checkout saw them (JSON), its price, its state ({@link OrderStatus}, changed
 * only by {@link #moveTo}) and its payment's. Optimistic locking makes concurrent changes conflict, not overwrite.
 */
@Entity
@Table(name = "orders")
public class Order extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "customer_id")
    public UUID customerId;

    @Column(name = "restaurant_id")
    public UUID restaurantId;

    @Column(name = "cart_id")
    public UUID cartId;

    @Enumerated(EnumType.STRING)
    public OrderStatus status;

    @Enumerated(EnumType.STRING)
    @Column(name = "payment_status")
    public PaymentStatus paymentStatus;

    @Enumerated(EnumType.STRING)
    @Column(name = "payment_method")
    public PaymentMethod paymentMethod;

    @Column(name = "payment_intent_id")
    public String paymentIntentId;

    @Column(name = "client_secret")
    public String clientSecret;

    @Column(name = "promo_code")
    public String promoCode;

    /** JSON array of {@link OrderBodies.OrderLine}. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String items;

    /** JSON of {@link OrderBodies.DeliveryAddress}. */
    @Column(name = "delivery_address")
    @JdbcTypeCode(SqlTypes.JSON)
    public String deliveryAddress;

    @Column(name = "distance_km")
    public BigDecimal distanceKm;

    public BigDecimal subtotal;
    public BigDecimal discount;
    public BigDecimal tax;

    @Column(name = "platform_fee")
    public BigDecimal platformFee;

    @Column(name = "delivery_fee")
    public BigDecimal deliveryFee;

    public BigDecimal total;
    public String currency;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    /** When the payment came; null for an order never paid. The restaurant sees only paid orders. */
    @Column(name = "paid_at")
    public Instant paidAt;

    /** What the restaurant promised when it accepted; null before. */
    @Column(name = "prep_time_minutes")
    public Integer prepTimeMinutes;

    @Column(name = "estimated_ready_at")
    public Instant estimatedReadyAt;

    /** The courier who took the delivery; set once, by {@link DeliveryProgress#assignCourier} (conditionally). */
    @Column(name = "courier_id")
    public UUID courierId;

    /** When the restaurant said the food is ready for pickup; null before. */
    @Column(name = "ready_at")
    public Instant readyAt;

    /** When the restaurant accepted the order; the dispatch deadline counts from it. */
    @Column(name = "accepted_at")
    public Instant acceptedAt;

    /** When the courier took the delivery (null without one); a no-show counts from it at the earliest. */
    @Column(name = "courier_assigned_at")
    public Instant courierAssignedAt;

    /** When the courier took the food (OUT_FOR_DELIVERY): the end of the restaurant's preparation. */
    @Column(name = "picked_up_at")
    public Instant pickedUpAt;

    /** When the courier handed the food over (DELIVERED). */
    @Column(name = "delivered_at")
    public Instant deliveredAt;

    /** What checkout told the customer: placed + the delivery estimate of that moment; null in older orders. */
    @Column(name = "promised_delivery_at")
    public Instant promisedDeliveryAt;

    @Version
    public long version;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /**
     * The one way an order changes state: 409 {@code illegal-transition} unless {@link OrderStatus} allows it,
     * recorded in the history; the milestones promises and statistics count from are stamped with the move.
     */
    void moveTo(OrderStatus target, PaymentStatus payment, String reason, Actor by) {
        status.requireMove(target, id);
        OrderStatus from = status;
        status = target;
        paymentStatus = payment;
        updatedAt = Time.now();
        switch (target) {
            case PENDING_RESTAURANT_ACCEPTANCE -> paidAt = updatedAt;
            case ACCEPTED -> {
                acceptedAt = updatedAt;
                estimatedReadyAt = updatedAt.plus(Duration.ofMinutes(prepTimeMinutes));
            }
            case OUT_FOR_DELIVERY -> pickedUpAt = updatedAt;
            case DELIVERED -> deliveredAt = updatedAt;
            default -> {
            }
        }
        record(from, reason, by);
        OrderMetrics.current().moved(from, target, reason, paidAt, updatedAt);
    }

    /** What may still go back: the charge less every refund asked and not refused; nothing if never charged. */
    BigDecimal refundable() {
        BigDecimal nothing = BigDecimal.ZERO.setScale(total.scale());
        return paymentStatus.charged() ? total.subtract(OrderRefund.requested(id)).max(nothing) : nothing;
    }

    /** A change of the payment alone (a refund requested or done), recorded like a move. */
    void changePayment(PaymentStatus payment, String reason, Actor by) {
        paymentStatus = payment;
        updatedAt = Time.now();
        record(status, reason, by);
    }

    /** A change that is no move (a courier assigned or released), recorded in the history all the same. */
    void note(String reason, Actor by) {
        updatedAt = Time.now();
        record(status, reason, by);
    }

    /** The history's first row: the order as created, by its customer. */
    void recordCreation() {
        record(null, "checkout", Actor.customer(customerId));
        OrderMetrics.current().created();
    }

    private void record(OrderStatus from, String reason, Actor by) {
        OrderTransition t = new OrderTransition();
        t.orderId = id;
        t.fromStatus = from;
        t.toStatus = status;
        t.paymentStatus = paymentStatus;
        t.reason = reason == null ? null : reason.length() > 200 ? reason.substring(0, 200) : reason;
        t.actor = by.stored();
        t.at = updatedAt;
        t.persist();
    }

    static Optional<Order> byIdempotencyKey(UUID customerId, String key) {
        return find("customerId = ?1 and idempotencyKey = ?2", customerId, key).firstResultOptional();
    }

    static Optional<Order> byPaymentIntent(String paymentIntentId) {
        return find("paymentIntentId", paymentIntentId).firstResultOptional();
    }
}
