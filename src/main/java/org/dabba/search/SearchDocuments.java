package org.dabba.search;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.dabba.menu.MenuBodies.MenuItemView;
import org.dabba.menu.MenuItem.DishType;
import org.dabba.menu.MenuService;
import org.dabba.restaurant.Restaurant.Status;
import org.dabba.restaurant.RestaurantBodies.RestaurantView;
import org.dabba.restaurant.RestaurantService;

/** Search documents from the restaurant and menu services, versioned by the sum of the restaurant's and dishes'. */
@ApplicationScoped
public class SearchDocuments {

    @Inject
    RestaurantService restaurants;

    @Inject
    MenuService menus;

    /** What the index should hold for a restaurant now: a document, or a removal at a version. */
    public record Change(UUID restaurantId, Optional<SearchDocument> document, long version) {
    }

    public Change current(UUID restaurantId) {
        Optional<RestaurantView> restaurant = restaurants.find(restaurantId);
        long menuVersion = menus.menuVersions(List.of(restaurantId)).getOrDefault(restaurantId, 0L);
        if (restaurant.isEmpty()) {
            return new Change(restaurantId, Optional.empty(), Long.MAX_VALUE);
        }
        long version = restaurant.get().version() + menuVersion;
        if (restaurant.get().status() != Status.ACTIVE) {
            return new Change(restaurantId, Optional.empty(), version);
        }
        List<MenuItemView> dishes = menus.liveItems(List.of(restaurantId)).getOrDefault(restaurantId, List.of());
        return new Change(restaurantId, Optional.of(document(restaurant.get(), dishes, version)), version);
    }

    /** Documents for a page of ACTIVE restaurants, three queries in all (for rebuilding the index). */
    public List<SearchDocument> activePage(int page, int size) {
        List<RestaurantView> active = restaurants.activePage(page, size);
        Collection<UUID> ids = active.stream().map(RestaurantView::id).toList();
        Map<UUID, List<MenuItemView>> dishes = menus.liveItems(ids);
        Map<UUID, Long> menuVersions = menus.menuVersions(ids);
        return active.stream().map(r -> document(r, dishes.getOrDefault(r.id(), List.of()),
                r.version() + menuVersions.getOrDefault(r.id(), 0L))).toList();
    }

    static SearchDocument document(RestaurantView r, List<MenuItemView> dishes, long version) {
        List<SearchDocument.Dish> menu = dishes.stream().map(d -> new SearchDocument.Dish(d.id(), d.name(),
                d.description(), d.category(), d.type().name(), d.isAvailable())).toList();
        List<String> categories = dishes.stream().map(MenuItemView::category).distinct().toList();
        boolean pureVeg = !dishes.isEmpty() && dishes.stream().allMatch(d -> d.type() == DishType.VEG);
        return new SearchDocument(r.id(), r.name(), r.address().latitude().doubleValue(),
                r.address().longitude().doubleValue(), r.openNow(),
                r.rating().doubleValue(), r.ratingCount(), r.popularityScore().doubleValue(), r.expectedPrepMinutes(),
                pureVeg, r.logoUrl(), categories, menu, version, r.opensAt(),
                r.deliveryRadiusKm() == null ? null : r.deliveryRadiusKm().doubleValue(), r.address().city());
    }
}
