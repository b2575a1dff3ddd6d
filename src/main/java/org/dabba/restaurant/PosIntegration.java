package org.dabba.restaurant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A restaurant's POS webhook: where its order events are POSTed, and the secret they are signed with. */
@Entity
@Table(name = "pos_integrations")
public class PosIntegration extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "restaurant_id")
    public UUID restaurantId;

    public String url;

    /** The shared HMAC key; never answered, only its hint. */
    public String secret;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public static Optional<PosIntegration> ofRestaurant(UUID restaurantId) {
        return find("restaurantId", restaurantId).firstResultOptional();
    }
}
