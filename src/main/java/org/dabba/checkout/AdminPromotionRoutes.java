package org.dabba.checkout;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.checkout.PromotionBodies.CreatePromotionRequest;
import org.dabba.checkout.PromotionBodies.PromotionView;
import org.dabba.platform.http.Edge;
import org.dabba.platform.http.Paging;

/** /admin/promotions: the promotion codes admins manage. ADMIN only. */
@ApplicationScoped
public class AdminPromotionRoutes extends RouteBuilder {

    @Inject
    Promotions promotions;

    @Override
    public void configure() {
        from("direct:adminPromotionCreate").routeId("admin-promotion-create").inputType(CreatePromotionRequest.class)
                .process(e -> {
                    PromotionView created = promotions.create(e.getMessage().getBody(CreatePromotionRequest.class));
                    Edge.created(e, "/admin/promotions/" + created.code(), created);
                });

        from("direct:adminPromotionList").routeId("admin-promotion-list")
                .process(e -> e.getMessage().setBody(promotions.list(Paging.page(e), Paging.size(e))));

        from("direct:adminPromotionGet").routeId("admin-promotion-get")
                .process(e -> e.getMessage().setBody(promotions.get(code(e))));

        from("direct:adminPromotionDelete").routeId("admin-promotion-delete")
                .process(e -> {
                    promotions.delete(code(e));
                    Edge.reply(e, 204, null);
                });
    }

    private static String code(Exchange e) {
        return e.getMessage().getHeader("code", String.class);
    }
}
