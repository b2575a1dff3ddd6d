package org.dabba.order;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One move of an order's state machine, with when and why; written only by {@link Order}'s changes. */
@Entity
@Table(name = "order_status_history")
public class OrderTransition extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "order_id")
    public UUID orderId;

    /** Null for the order's creation. */
    @Enumerated(EnumType.STRING)
    @Column(name = "from_status")
    public OrderStatus fromStatus;

    @Enumerated(EnumType.STRING)
    @Column(name = "to_status")
    public OrderStatus toStatus;

    @Enumerated(EnumType.STRING)
    @Column(name = "payment_status")
    public PaymentStatus paymentStatus;

    public String reason;

    /** Who made it, as {@link Actor#stored()} writes it; null in rows older than the column (read as SYSTEM). */
    public String actor;

    public Instant at;

    static List<OrderTransition> of(UUID orderId) {
        return list("orderId = ?1 order by id", orderId);
    }
}
