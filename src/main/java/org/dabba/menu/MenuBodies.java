package org.dabba.menu;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.dabba.menu.MenuItem.DishType;
import org.dabba.restaurant.RestaurantBodies.Hours;

/** The request and response bodies of the menu endpoints (as openapi.yaml describes them). */
public final class MenuBodies {

    private MenuBodies() {
    }

    /** {@code imageUrl} carries the photo itself, base64 or a data: URI, so a dish and its photo are one request. */
    public record CreateMenuItemRequest(
            @NotBlank @Size(max = 120) String name,
            @Size(max = 1000) String description,
            @NotNull @DecimalMin(value = "0", inclusive = false) @DecimalMax("100000")
            @Digits(integer = 6, fraction = 2, message = "must have at most 2 decimals") BigDecimal price,
            @NotBlank @Size(max = 60) String category,
            @NotNull DishType type,
            String imageUrl,
            @JsonProperty("isAvailable") Boolean isAvailable) {
    }

    /** A partial update: only the fields sent change. */
    public record UpdateMenuItemRequest(
            @Size(min = 1, max = 120) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String name,
            @Size(max = 1000) String description,
            @DecimalMin(value = "0", inclusive = false) @DecimalMax("100000")
            @Digits(integer = 6, fraction = 2, message = "must have at most 2 decimals") BigDecimal price,
            @Size(min = 1, max = 60) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String category,
            DishType type,
            String imageUrl,
            @JsonProperty("isAvailable") Boolean isAvailable) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record MenuItemView(UUID id, UUID restaurantId, String name, String description, BigDecimal price,
            String category, DishType type, @JsonProperty("isAvailable") boolean isAvailable, String imageUrl,
            String thumbnailUrl, Instant createdAt, Instant updatedAt) {

        static MenuItemView of(MenuItem i) {
            return new MenuItemView(i.id, i.restaurantId, i.name, i.description, i.price, i.category, i.type,
                    i.available, i.imageUrl, i.thumbnailUrl, i.createdAt, i.updatedAt);
        }
    }

    /**
     * A dish as the public menu shows it, for other features' real-time checks (the cart), with whether its
     * restaurant is ONLINE; {@code item} is null when the dish is not on the menu. {@code hours}: the
     * restaurant's opening hours (null: none), so that a cached entry still tells whether it is open at each add.
     */
    public record PublicItem(boolean restaurantOnline, MenuItemView item, Hours hours) {

        public Optional<MenuItemView> dish() {
            return Optional.ofNullable(item);
        }
    }

    public record Category(String name, List<MenuItemView> items) {
    }

    public record MenuView(UUID restaurantId, List<Category> categories) {
    }
}
