package org.dabba.checkout;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One order's use of a promotion by a customer, which counts towards the promotion's per-user limit. */
@Entity
@Table(name = "promotion_uses")
public class PromotionUse extends PanacheEntityBase {

    /** An order uses at most one promotion. */
    @Id
    @Column(name = "order_id")
    public UUID orderId;

    @Column(name = "promotion_id")
    public UUID promotionId;

    @Column(name = "user_id")
    public UUID userId;

    @Column(name = "used_at")
    public Instant usedAt;

    static long countFor(UUID promotionId, UUID userId) {
        return count("promotionId = ?1 and userId = ?2", promotionId, userId);
    }
}
