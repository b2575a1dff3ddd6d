package org.dabba.cart;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.cart.CartBodies.CartView;
import org.dabba.cart.CartBodies.PutItemRequest;
import org.dabba.cart.CartService.Put;
import org.dabba.platform.http.Edge;
import org.dabba.platform.http.Http;
import org.dabba.platform.security.Caller;

/** /carts: the customer's one cart. */
@ApplicationScoped
public class CartRoutes extends RouteBuilder {

    @Inject
    CartService carts;

    @Override
    public void configure() {
        from("direct:cartPutItem").routeId("cart-put-item").inputType(PutItemRequest.class)
                .process(e -> {
                    Put put = carts.put(Caller.required(e), e.getMessage().getBody(PutItemRequest.class));
                    if (put.created()) {
                        Edge.created(e, "/carts/" + put.cart().cartId(), CartView.of(put.cart()));
                    } else {
                        e.getMessage().setBody(CartView.of(put.cart()));
                    }
                });

        from("direct:cartGetMine").routeId("cart-get-mine")
                .process(e -> e.getMessage().setBody(CartView.of(carts.mine(Caller.required(e)))));

        from("direct:cartGet").routeId("cart-get")
                .process(e -> e.getMessage().setBody(CartView.of(carts.get(Caller.required(e), cartId(e)))));

        from("direct:cartRemoveItem").routeId("cart-remove-item")
                .process(e -> {
                    String instructions = e.getMessage().getHeader("specialInstructions", String.class);
                    Optional<Cart> left = carts.removeItem(Caller.required(e), cartId(e),
                            Http.uuidParam(e, "itemId", "Menu item"), instructions);
                    e.getMessage().setBody(left.map(CartView::of).orElse(null));
                });

        from("direct:cartDelete").routeId("cart-delete")
                .process(e -> {
                    carts.delete(Caller.required(e), cartId(e));
                    Edge.reply(e, 204, null);
                });
    }

    private static UUID cartId(Exchange e) {
        return Http.uuidParam(e, "cartId", "Cart");
    }
}
