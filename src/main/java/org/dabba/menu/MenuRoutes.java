package org.dabba.menu;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.menu.MenuBodies.CreateMenuItemRequest;
import org.dabba.menu.MenuBodies.MenuItemView;
import org.dabba.menu.MenuBodies.UpdateMenuItemRequest;
import org.dabba.menu.MenuItem.DishType;
import org.dabba.menu.MenuService.MenuFilter;
import org.dabba.platform.Text;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.http.Edge;
import org.dabba.platform.http.Http;
import org.dabba.platform.security.Caller;

/** /restaurants/{restaurantId}/menu: the owner's dish management and the public menu. */
@ApplicationScoped
public class MenuRoutes extends RouteBuilder {

    @Inject
    MenuService menu;

    @Override
    public void configure() {
        from("direct:menuGet").routeId("menu-get")
                .process(this::answerMenu);

        from("direct:menuItemCreate").routeId("menu-item-create").inputType(CreateMenuItemRequest.class)
                .process(e -> {
                    MenuItemView created = menu.create(Caller.required(e), restaurantId(e),
                            e.getMessage().getBody(CreateMenuItemRequest.class));
                    Edge.created(e, "/restaurants/" + created.restaurantId() + "/menu/items/" + created.id(), created);
                });

        from("direct:menuItemGet").routeId("menu-item-get")
                .process(e -> e.getMessage().setBody(menu.item(Caller.of(e).orElse(null), restaurantId(e), itemId(e))));

        from("direct:menuItemUpdate").routeId("menu-item-update").inputType(UpdateMenuItemRequest.class)
                .process(e -> e.getMessage().setBody(menu.update(Caller.required(e), restaurantId(e), itemId(e),
                        e.getMessage().getBody(UpdateMenuItemRequest.class))));

        from("direct:menuItemAvailability").routeId("menu-item-availability").inputType(JsonNode.class)
                .process(e -> {
                    // Strict: "false" or 0 are not booleans, whatever Jackson would coerce.
                    JsonNode flag = e.getMessage().getBody(JsonNode.class).get("isAvailable");
                    if (flag == null || !flag.isBoolean()) {
                        throw ProblemException.invalid("isAvailable", "must be true or false");
                    }
                    e.getMessage().setBody(menu.setAvailability(Caller.required(e), restaurantId(e), itemId(e),
                            flag.booleanValue()));
                });

        from("direct:menuItemDelete").routeId("menu-item-delete")
                .process(e -> {
                    menu.delete(Caller.required(e), restaurantId(e), itemId(e));
                    Edge.reply(e, 204, null);
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
        String available = e.getMessage().getHeader("available", String.class);
        return new MenuFilter(Edge.enumParam(e, "type", DishType.class),
                available == null || available.isBlank() ? null : Boolean.valueOf(available));
    }

    private static String etag(String json) {
        return "\"" + Text.digest("SHA-256", json).substring(0, 32) + "\"";
    }

    private static UUID restaurantId(Exchange e) {
        return Http.uuidParam(e, "restaurantId", "Restaurant");
    }

    private static UUID itemId(Exchange e) {
        return Http.uuidParam(e, "itemId", "Menu item");
    }
}
