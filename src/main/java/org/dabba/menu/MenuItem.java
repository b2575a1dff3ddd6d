package org.dabba.menu;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A dish on a restaurant's menu. Deleting it only marks it, so orders keep the dishes they were made of. */
@Entity
@Table(name = "menu_items")
public class MenuItem extends PanacheEntityBase {

    public enum DishType { VEG, NON_VEG }

    @Id
    public UUID id;

    @Column(name = "restaurant_id")
    public UUID restaurantId;

    public String name;

    public String description;

    /** Exact money, NUMERIC(10,2). */
    public BigDecimal price;

    public String category;

    @Enumerated(EnumType.STRING)
    public DishType type;

    @Column(name = "is_available")
    public boolean available;

    @Column(name = "image_url")
    public String imageUrl;

    @Column(name = "thumbnail_url")
    public String thumbnailUrl;

    @Column(name = "image_key")
    public String imageKey;

    @Column(name = "thumbnail_key")
    public String thumbnailKey;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;

    @Version
    public long version;

    /** A live (not deleted) item of the restaurant. */
    static Optional<MenuItem> findLive(UUID restaurantId, UUID itemId) {
        return find("id = ?1 and restaurantId = ?2 and deletedAt is null", itemId, restaurantId).firstResultOptional();
    }

    static List<MenuItem> listLive(UUID restaurantId) {
        return list("restaurantId = ?1 and deletedAt is null order by category, name, id", restaurantId);
    }
}
