package org.dabba.cart;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.cart.CartApi.CartView;
import org.dabba.cart.CartApi.PutItemRequest;
import org.dabba.cart.CartService.Put;
import org.dabba.platform.http.Http;
import org.dabba.platform.security.Caller;
import org.dabba.platform.security.Role;

/** /carts: the customer's one cart. */
@ApplicationScoped
public class CartRoutes extends RouteBuilder {

    @Inject
    Http http;

    @Inject
    CartService carts;

    @Override
    public void configure() {
        rest("/carts")
                .put("/items").to("direct:cart-put-item")
                // before /{cartId}, so that "me" is not taken for an id
                .get("/me").to("direct:cart-get-mine")
                .get("/{cartId}").to("direct:cart-get")
                .delete("/{cartId}").to("direct:cart-delete")
                .delete("/{cartId}/items/{itemId}").to("direct:cart-remove-item");

        from("direct:cart-put-item").routeId("cart-put-item")
                .process(e -> {
                    Caller customer = Caller.requireRole(e, Role.CUSTOMER);
                    Put put = carts.put(customer, http.read(e, PutItemRequest.class));
                    if (put.created()) {
                        http.created(e, "/carts/" + put.cart().cartId(), CartView.of(put.cart()));
                    } else {
                        http.ok(e, CartView.of(put.cart()));
                    }
                });

        from("direct:cart-get-mine").routeId("cart-get-mine")
                .process(e -> http.ok(e, CartView.of(carts.mine(Caller.requireRole(e, Role.CUSTOMER)))));

        from("direct:cart-get").routeId("cart-get")
                .process(e -> {
                    Caller customer = Caller.requireRole(e, Role.CUSTOMER);
                    http.ok(e, CartView.of(carts.get(customer, cartId(e))));
                });

        from("direct:cart-remove-item").routeId("cart-remove-item")
                .process(e -> {
                    Caller customer = Caller.requireRole(e, Role.CUSTOMER);
                    String instructions = e.getMessage().getHeader("specialInstructions", String.class);
                    Optional<Cart> left = carts.removeItem(customer, cartId(e),
                            Http.uuidParam(e, "itemId", "Menu item"), instructions);
                    if (left.isPresent()) {
                        http.ok(e, CartView.of(left.get()));
                    } else {
                        http.noContent(e);
                    }
                });

        from("direct:cart-delete").routeId("cart-delete")
                .process(e -> {
                    Caller customer = Caller.requireRole(e, Role.CUSTOMER);
                    carts.delete(customer, cartId(e));
                    http.noContent(e);
                });
    }

    private static UUID cartId(Exchange e) {
        return Http.uuidParam(e, "cartId", "Cart");
    }
}
