package org.dabba.delivery;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An order nobody took after every round of offers, until someone does: what admins look at. */
@Entity
@Table(name = "delivery_unassigned")
public class UnassignedDelivery extends PanacheEntityBase {

    @Id
    @Column(name = "order_id")
    public UUID orderId;

    @Column(name = "restaurant_id")
    public UUID restaurantId;

    public int rounds;

    @Column(name = "flagged_at")
    public Instant flaggedAt;
}
