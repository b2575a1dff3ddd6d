package org.dabba.search;

import static org.dabba.platform.Text.blankToNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One restaurant as the search index holds it, denormalized with its dishes. {@code version} grows with every
 * change of the restaurant or any of its dishes, so an index never lets an older document replace a newer one.
 * {@code is_open}: ONLINE and within its hours when built (republished at each opening and closing).
 *
 * <p>{@code deliveryRadiusKm}: null when the restaurant has none (searches apply the default at query time).
 * Documents indexed before it and {@code city} existed read them as null until a reindex.
 */
public record SearchDocument(
        @JsonProperty("restaurant_id") UUID restaurantId,
        String name,
        double lat,
        double lon,
        @JsonProperty("is_open") boolean open,
        double rating,
        @JsonProperty("rating_count") int ratingCount,
        @JsonProperty("popularity_score") double popularityScore,
        @JsonProperty("prep_minutes") int prepMinutes,
        @JsonProperty("pure_veg") boolean pureVeg,
        @JsonProperty("logo_url") String logoUrl,
        List<String> keywords,
        @JsonProperty("menu_items") List<Dish> menuItems,
        long version,
        @JsonProperty("opens_at") Instant opensAt,
        @JsonProperty("delivery_radius_km") Double deliveryRadiusKm,
        String city) {

    public SearchDocument {
        keywords = keywords == null ? List.of() : keywords;
        menuItems = menuItems == null ? List.of() : menuItems; // a hit read without its dishes
    }

    public record Dish(@JsonProperty("item_id") UUID itemId, String name, String description, String category,
            String type, boolean available) {
    }

    public SearchDocument withMenu(List<Dish> dishes) {
        return new SearchDocument(restaurantId, name, lat, lon, open, rating, ratingCount, popularityScore,
                prepMinutes, pureVeg, logoUrl, keywords, dishes, version, opensAt, deliveryRadiusKm, city);
    }

    /** The city as the index holds it, or null without one. */
    public String cityKey() {
        return blankToNull(SearchText.normalize(city));
    }

    /** The restaurant's name, normalized for matching. */
    public String nameText() {
        return SearchText.normalize(name);
    }

    /** Everything a text query may match besides the name: dishes, their descriptions, categories, keywords. */
    public String allText() {
        StringBuilder text = new StringBuilder(SearchText.normalize(name));
        for (Dish dish : menuItems) {
            text.append(' ').append(SearchText.normalize(dish.name()))
                    .append(' ').append(SearchText.normalize(dish.description()))
                    .append(' ').append(SearchText.normalize(dish.category()));
        }
        for (String keyword : keywords) {
            text.append(' ').append(SearchText.normalize(keyword));
        }
        return text.toString();
    }
}
