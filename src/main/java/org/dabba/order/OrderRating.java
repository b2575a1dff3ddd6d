package org.dabba.order;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A customer's stars for a delivered order; the order id is the key, so there is one per order. */
@Entity
@Table(name = "order_ratings")
public class OrderRating extends PanacheEntityBase {

    @Id
    @Column(name = "order_id")
    public UUID orderId;

    @Column(name = "restaurant_id")
    public UUID restaurantId;

    @Column(name = "customer_id")
    public UUID customerId;

    public short stars;

    public String comment;

    @Column(name = "created_at")
    public Instant createdAt;
}
