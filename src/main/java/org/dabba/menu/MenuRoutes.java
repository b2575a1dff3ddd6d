package org.dabba.menu;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.menu.MenuApi.CreateMenuItemRequest;
import org.dabba.menu.MenuApi.MenuItemView;
import org.dabba.menu.MenuApi.UpdateMenuItemRequest;
import org.dabba.menu.MenuItem.DishType;
import org.dabba.menu.MenuService.MenuFilter;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.http.Http;
import org.dabba.platform.security.Caller;
import org.dabba.platform.security.Role;

/** /restaurants/{restaurantId}/menu: the owner's dish management and the public menu. */
@ApplicationScoped
public class MenuRoutes extends RouteBuilder {

    @Inject
    Http http;

    @Inject
    MenuService menu;

    @Override
    public void configure() {
        rest("/restaurants/{restaurantId}/menu")
                .get().to("direct:menu-get")
                .post("/items").to("direct:menu-item-create")
                .get("/items/{itemId}").to("direct:menu-item-get")
                .put("/items/{itemId}").to("direct:menu-item-update")
                .patch("/items/{itemId}/availability").to("direct:menu-item-availability")
                .delete("/items/{itemId}").to("direct:menu-item-delete");

        from("direct:menu-get").routeId("menu-get")
                .process(this::answerMenu);

        from("direct:menu-item-create").routeId("menu-item-create")
                .process(e -> {
                    Caller owner = Caller.requireRole(e, Role.RESTAURANT_OWNER);
                    MenuItemView created = menu.create(owner, restaurantId(e), http.read(e, CreateMenuItemRequest.class));
                    http.created(e, "/restaurants/" + created.restaurantId() + "/menu/items/" + created.id(), created);
                });

        from("direct:menu-item-get").routeId("menu-item-get")
                .process(e -> http.ok(e, menu.item(Caller.of(e).orElse(null), restaurantId(e), itemId(e))));

        from("direct:menu-item-update").routeId("menu-item-update")
                .process(e -> {
                    Caller owner = Caller.requireRole(e, Role.RESTAURANT_OWNER);
                    http.ok(e, menu.update(owner, restaurantId(e), itemId(e), http.read(e, UpdateMenuItemRequest.class)));
                });

        from("direct:menu-item-availability").routeId("menu-item-availability")
                .process(e -> {
                    Caller owner = Caller.requireRole(e, Role.RESTAURANT_OWNER);
                    // Strict: "false" or 0 are not booleans, whatever Jackson would coerce.
                    JsonNode flag = http.readUnvalidated(e, JsonNode.class).get("isAvailable");
                    if (flag == null || !flag.isBoolean()) {
                        throw ProblemException.invalid("isAvailable", "must be true or false");
                    }
                    http.ok(e, menu.setAvailability(owner, restaurantId(e), itemId(e), flag.booleanValue()));
                });

        from("direct:menu-item-delete").routeId("menu-item-delete")
                .process(e -> {
                    Caller owner = Caller.requireRole(e, Role.RESTAURANT_OWNER);
                    menu.delete(owner, restaurantId(e), itemId(e));
                    http.noContent(e);
                });
    }

    /** The menu with a strong ETag of its bytes; a matching If-None-Match gets 304 and no body. */
    private void answerMenu(Exchange e) {
        String ifNoneMatch = e.getMessage().getHeader("If-None-Match", String.class);
        String json = menu.menuJson(Caller.of(e).orElse(null), restaurantId(e), filter(e));
        String etag = etag(json);
        if (ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.strip().equals("*"))) {
            Http.answer(e, 304, Http.JSON, null);
        } else {
            Http.answer(e, 200, Http.JSON, json);
        }
        e.getMessage().setHeader("ETag", etag);
        e.getMessage().setHeader("Cache-Control", "no-cache");
    }

    private static MenuFilter filter(Exchange e) {
        String type = e.getMessage().getHeader("type", String.class);
        String available = e.getMessage().getHeader("available", String.class);
        DishType dishType = null;
        if (type != null && !type.isBlank()) {
            try {
                dishType = DishType.valueOf(type.strip());
            } catch (IllegalArgumentException ex) {
                throw ProblemException.invalid("type", "must be VEG or NON_VEG");
            }
        }
        Boolean onlyAvailable = null;
        if (available != null && !available.isBlank()) {
            if (!available.equals("true") && !available.equals("false")) {
                throw ProblemException.invalid("available", "must be true or false");
            }
            onlyAvailable = Boolean.valueOf(available);
        }
        return new MenuFilter(dishType, onlyAvailable);
    }

    private static String etag(String json) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static UUID restaurantId(Exchange e) {
        return Http.uuidParam(e, "restaurantId", "Restaurant");
    }

    private static UUID itemId(Exchange e) {
        return Http.uuidParam(e, "itemId", "Menu item");
    }
}
