package org.dabba.delivery;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** The code an order's customer gives its courier at the door, made when the courier picked the order up. */
@Entity
@Table(name = "delivery_codes")
public class DeliveryCode extends PanacheEntityBase {

    @Id
    @Column(name = "order_id")
    public UUID orderId;

    @Column(name = "customer_id")
    public UUID customerId;

    public String code;

    /** Wrong codes the courier sent; at {@link DeliveryCodes#MAX_ATTEMPTS} the delivery is locked. */
    public int attempts;

    @Column(name = "created_at")
    public Instant createdAt;
}
