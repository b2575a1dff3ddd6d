package org.dabba.menu;

import static org.dabba.platform.Text.blankToNull;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.dabba.media.MediaService;
import org.dabba.media.MediaService.StoredPhoto;
import org.dabba.media.UploadedImage;
import org.dabba.menu.MenuBodies.Category;
import org.dabba.menu.MenuBodies.CreateMenuItemRequest;
import org.dabba.menu.MenuBodies.MenuItemView;
import org.dabba.menu.MenuBodies.MenuView;
import org.dabba.menu.MenuBodies.PublicItem;
import org.dabba.menu.MenuBodies.UpdateMenuItemRequest;
import org.dabba.menu.MenuItem.DishType;
import org.dabba.menu.events.MenuItemAvailabilityChanged;
import org.dabba.menu.events.MenuItemCreated;
import org.dabba.menu.events.MenuItemData;
import org.dabba.menu.events.MenuItemDeleted;
import org.dabba.menu.events.MenuItemEvent;
import org.dabba.menu.events.MenuItemUpdated;
import org.dabba.platform.Json;
import org.dabba.platform.Time;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.events.Outbox;
import org.dabba.platform.security.Caller;
import org.dabba.restaurant.Restaurant.OperationalStatus;
import org.dabba.restaurant.Restaurant.Status;
import org.dabba.restaurant.RestaurantBodies.RestaurantView;
import org.dabba.restaurant.RestaurantService;

/**
 * A restaurant's dishes: the owner edits them while the restaurant is pending or active; the public reads the
 * menu of an active restaurant, from the cache. Photos are processed before the database transaction (they
 * take time) and removed again if it fails; replaced or deleted photos are removed after it commits.
 */
@ApplicationScoped
public class MenuService {

    static final String EVENTS = "menu";
    private static final StoredPhoto NO_PHOTO = new StoredPhoto(null, null, null, null);

    /** Which menus a reader may see: filters of the public menu. */
    public record MenuFilter(DishType type, Boolean available) {
        String cacheVariant() {
            return (type == null ? "all" : type.name()) + "-" + (available == null ? "any" : available);
        }
    }

    @Inject
    RestaurantService restaurants;

    @Inject
    Outbox outbox;

    @Inject
    MediaService photos;

    @Inject
    MenuCache cache;

    public MenuItemView create(Caller caller, UUID restaurantId, CreateMenuItemRequest request) {
        editableBy(restaurantId, caller);
        UUID itemId = UUID.randomUUID();
        StoredPhoto photo = photo(request.imageUrl(), restaurantId, itemId);
        return edit(caller, restaurantId, photo, () -> {
            MenuItem item = new MenuItem();
            item.id = itemId;
            item.restaurantId = restaurantId;
            item.name = request.name().strip();
            item.description = blankToNull(request.description());
            item.price = request.price().setScale(2);
            item.category = request.category().strip();
            item.type = request.type();
            item.available = request.isAvailable() == null || request.isAvailable();
            applyPhoto(item, photo);
            item.createdAt = Time.now();
            item.updatedAt = item.createdAt;
            item.persistAndFlush();
            return publish(item, MenuItemCreated::new);
        });
    }

    public MenuItemView update(Caller caller, UUID restaurantId, UUID itemId, UpdateMenuItemRequest request) {
        editableBy(restaurantId, caller);
        StoredPhoto photo = photo(request.imageUrl(), restaurantId, itemId);
        List<String> obsolete = new ArrayList<>();
        MenuItemView updated = edit(caller, restaurantId, photo, () -> {
            MenuItem item = liveItem(restaurantId, itemId);
            if (request.name() != null) {
                item.name = request.name().strip();
            }
            if (request.description() != null) {
                item.description = blankToNull(request.description());
            }
            if (request.price() != null) {
                item.price = request.price().setScale(2);
            }
            if (request.category() != null) {
                item.category = request.category().strip();
            }
            if (request.type() != null) {
                item.type = request.type();
            }
            if (request.isAvailable() != null) {
                item.available = request.isAvailable();
            }
            if (photo != null) {
                obsolete.addAll(Arrays.asList(item.imageKey, item.thumbnailKey));
                applyPhoto(item, photo);
            }
            item.updatedAt = Time.now();
            return publish(item, MenuItemUpdated::new);
        });
        photos.deleteKeys(obsolete);
        return updated;
    }

    public MenuItemView setAvailability(Caller caller, UUID restaurantId, UUID itemId, boolean available) {
        return edit(caller, restaurantId, null, () -> {
            MenuItem item = liveItem(restaurantId, itemId);
            if (item.available == available) {
                return MenuItemView.of(item);
            }
            item.available = available;
            item.updatedAt = Time.now();
            return publish(item, MenuItemAvailabilityChanged::new);
        });
    }

    public void delete(Caller caller, UUID restaurantId, UUID itemId) {
        List<String> obsolete = edit(caller, restaurantId, null, () -> {
            MenuItem item = liveItem(restaurantId, itemId);
            List<String> keys = Arrays.asList(item.imageKey, item.thumbnailKey);
            item.deletedAt = Time.now();
            item.updatedAt = item.deletedAt;
            applyPhoto(item, NO_PHOTO);
            publish(item, MenuItemDeleted::new);
            return keys;
        });
        photos.deleteKeys(obsolete);
    }

    /** One item, with the same visibility as the menu. */
    public MenuItemView item(Caller caller, UUID restaurantId, UUID itemId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            readableBy(restaurantId, caller);
            return MenuItemView.of(liveItem(restaurantId, itemId));
        });
    }

    /**
     * A dish as the public menu shows it, whether its restaurant is ONLINE and its opening hours, for other
     * features' real-time checks (the cart). Read through the menu cache, so a warm cache answers without the
     * database; every dish or restaurant change (ONLINE/OFFLINE and hours included) invalidates it at once. 404
     * when the restaurant is not public (unknown or not ACTIVE); no dish when it is not on the menu (unknown,
     * deleted, another restaurant's).
     */
    public PublicItem publicItem(UUID restaurantId, UUID itemId) {
        return Json.read(cache.get(restaurantId, "item-" + itemId, publicItemLoader(restaurantId, itemId))
                .orElseThrow(() -> ProblemException.notFound("Restaurant", restaurantId)), PublicItem.class);
    }

    /**
     * {@link #publicItem}, with the condition under which it is still the live dish: the Redis string
     * {@code generationKey} holding {@code generation} (see {@link MenuCache.Current}), for a caller that confirms
     * it atomically with its own write. {@code fromMemory}: this instance's memory will do, so it may be stale and
     * must be confirmed before it is trusted, and read again before anything is refused on its account.
     */
    public MenuCache.Current<PublicItem> currentPublicItem(UUID restaurantId, UUID itemId, boolean fromMemory) {
        return cache.current(restaurantId, "item-" + itemId, publicItemLoader(restaurantId, itemId),
                json -> Json.read(json, PublicItem.class), fromMemory)
                .orElseThrow(() -> ProblemException.notFound("Restaurant", restaurantId));
    }

    private Supplier<Optional<String>> publicItemLoader(UUID restaurantId, UUID itemId) {
        return () -> ifPublic(restaurantId, r -> new PublicItem(
                r.operationalStatus() == OperationalStatus.ONLINE,
                MenuItem.findLive(restaurantId, itemId).map(MenuItemView::of).orElse(null),
                restaurants.openingHours(restaurantId).orElse(null)));
    }

    /**
     * The live dishes among {@code itemIds} of one restaurant, read from the database (not the cache), for
     * checkout's final check of a cart: a dish missing from the answer is deleted or not this restaurant's.
     */
    public Map<UUID, MenuItemView> currentItems(UUID restaurantId, Collection<UUID> itemIds) {
        if (itemIds.isEmpty()) {
            return Map.of();
        }
        return QuarkusTransaction.joiningExisting().call(() -> MenuItem.<MenuItem>list(
                "restaurantId = ?1 and id in ?2 and deletedAt is null", restaurantId, itemIds).stream()
                .collect(Collectors.toMap(i -> i.id, MenuItemView::of)));
    }

    /**
     * The menu as JSON, grouped by category. The public reads an ACTIVE restaurant's menu from the cache; its
     * owner (and admins) may also read a menu that is not public yet, straight from the database.
     */
    public String menuJson(Caller caller, UUID restaurantId, MenuFilter filter) {
        Optional<String> cached = cache.get(restaurantId, filter.cacheVariant(),
                () -> ifPublic(restaurantId, r -> menu(restaurantId, filter)));
        if (cached.isPresent()) {
            return cached.get();
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            readableBy(restaurantId, caller);
            return Json.write(menu(restaurantId, filter));
        });
    }

    /** The live dishes of each restaurant asked for, for the search documents. */
    public Map<UUID, List<MenuItemView>> liveItems(Collection<UUID> restaurantIds) {
        if (restaurantIds.isEmpty()) {
            return Map.of();
        }
        return QuarkusTransaction.requiringNew().call(() -> MenuItem.<MenuItem>list(
                "restaurantId in ?1 and deletedAt is null order by category, name, id", restaurantIds).stream()
                .collect(Collectors.groupingBy(i -> i.restaurantId, LinkedHashMap::new,
                        Collectors.mapping(MenuItemView::of, Collectors.toList()))));
    }

    /**
     * A number that grows with every change to any dish of each restaurant, deleted ones included (each
     * change bumps a dish's version; a new dish adds at least one).
     */
    public Map<UUID, Long> menuVersions(Collection<UUID> restaurantIds) {
        if (restaurantIds.isEmpty()) {
            return Map.of();
        }
        return QuarkusTransaction.requiringNew().call(() -> MenuItem.getEntityManager().createQuery(
                "select i.restaurantId, sum(i.version + 1) from MenuItem i where i.restaurantId in ?1 "
                        + "group by i.restaurantId", Object[].class).setParameter(1, restaurantIds).getResultStream()
                .collect(Collectors.toMap(row -> (UUID) row[0], row -> ((Number) row[1]).longValue())));
    }

    private MenuView menu(UUID restaurantId, MenuFilter filter) {
        Map<String, List<MenuItemView>> byCategory = new LinkedHashMap<>();
        for (MenuItem item : MenuItem.listLive(restaurantId)) {
            if ((filter.type() == null || item.type == filter.type())
                    && (filter.available() == null || item.available == filter.available())) {
                byCategory.computeIfAbsent(item.category, c -> new ArrayList<>()).add(MenuItemView.of(item));
            }
        }
        return new MenuView(restaurantId, byCategory.entrySet().stream()
                .map(e -> new Category(e.getKey(), e.getValue())).toList());
    }

    /** The owner's restaurant (404/403 as for the restaurant itself), and 409 unless pending or active. */
    private void editableBy(UUID restaurantId, Caller caller) {
        RestaurantView r = restaurants.requireOwned(restaurantId, caller);
        if (r.status() != Status.PENDING_VERIFICATION && r.status() != Status.ACTIVE) {
            throw ProblemException.conflict("restaurant-not-editable",
                    "The menu of a " + r.status() + " restaurant cannot be changed");
        }
    }

    /** What {@code shown} makes of an ACTIVE restaurant, as JSON for the cache; empty when it is not public. */
    private Optional<String> ifPublic(UUID restaurantId, Function<RestaurantView, Object> shown) {
        return QuarkusTransaction.requiringNew().call(() -> restaurants.find(restaurantId)
                .filter(r -> r.status() == Status.ACTIVE).map(r -> Json.write(shown.apply(r))));
    }

    /** A menu is visible to whoever may see its restaurant (404 otherwise). */
    private void readableBy(UUID restaurantId, Caller caller) {
        restaurants.get(restaurantId, caller);
    }

    private static MenuItem liveItem(UUID restaurantId, UUID itemId) {
        return MenuItem.findLive(restaurantId, itemId).orElseThrow(() -> ProblemException.notFound("Menu item", itemId));
    }

    private StoredPhoto photo(String encoded, UUID restaurantId, UUID itemId) {
        if (blankToNull(encoded) == null) {
            return null;
        }
        UploadedImage image = UploadedImage.decode(encoded, "imageUrl", MediaService.LIMITS);
        return photos.store(image, "imageUrl", "menu/" + restaurantId + "/" + itemId);
    }

    /**
     * An owner's change to the menu, in its own transaction that checks the restaurant again; if it fails, the photo
     * stored for it is removed again; once it commits, the cached menu is dropped.
     */
    private <T> T edit(Caller caller, UUID restaurantId, StoredPhoto photo, Supplier<T> change) {
        T changed;
        try {
            changed = QuarkusTransaction.requiringNew().call(() -> {
                editableBy(restaurantId, caller);
                return change.get();
            });
        } catch (RuntimeException e) {
            photos.delete(photo);
            throw e;
        }
        cache.invalidate(restaurantId);
        return changed;
    }

    private MenuItemView publish(MenuItem item, BiFunction<MenuItemData, Long, MenuItemEvent> event) {
        MenuItem.flush();
        MenuItemView view = MenuItemView.of(item);
        MenuItemData data = new MenuItemData(view.id(), view.restaurantId(), view.name(), view.description(),
                view.price(), view.category(), view.type() == null ? null : view.type().name(), view.isAvailable(),
                view.imageUrl(), view.thumbnailUrl(), view.createdAt(), view.updatedAt());
        outbox.publish(EVENTS, item.restaurantId, event.apply(data, item.version));
        return view;
    }

    private static void applyPhoto(MenuItem item, StoredPhoto photo) {
        if (photo != null) {
            item.imageUrl = photo.imageUrl();
            item.imageKey = photo.imageKey();
            item.thumbnailUrl = photo.thumbnailUrl();
            item.thumbnailKey = photo.thumbnailKey();
        }
    }
}
