package org.dabba.delivery;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A courier who took an order and did not come for it (released as a no-show): what admins count. */
@Entity
@Table(name = "courier_no_shows")
public class CourierNoShow extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "courier_id")
    public UUID courierId;

    @Column(name = "order_id")
    public UUID orderId;

    public Instant at;
}
