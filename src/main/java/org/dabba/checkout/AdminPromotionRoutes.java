package org.dabba.checkout;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.checkout.PromotionApi.CreatePromotionRequest;
import org.dabba.checkout.PromotionApi.PromotionView;
import org.dabba.platform.http.Http;
import org.dabba.platform.http.Paging;
import org.dabba.platform.security.Caller;
import org.dabba.platform.security.Role;

/** /admin/promotions: the promotion codes admins manage. ADMIN only. */
@ApplicationScoped
public class AdminPromotionRoutes extends RouteBuilder {

    @Inject
    Http http;

    @Inject
    PromotionService promotions;

    @Override
    public void configure() {
        rest("/admin/promotions")
                .post().to("direct:admin-promotion-create")
                .get().to("direct:admin-promotion-list")
                .get("/{code}").to("direct:admin-promotion-get")
                .delete("/{code}").to("direct:admin-promotion-delete");

        from("direct:admin-promotion-create").routeId("admin-promotion-create")
                .process(e -> {
                    Caller.requireRole(e, Role.ADMIN);
                    PromotionView created = promotions.create(http.read(e, CreatePromotionRequest.class));
                    http.created(e, "/admin/promotions/" + created.code(), created);
                });

        from("direct:admin-promotion-list").routeId("admin-promotion-list")
                .process(e -> {
                    Caller.requireRole(e, Role.ADMIN);
                    http.ok(e, promotions.list(Paging.page(e), Paging.size(e)));
                });

        from("direct:admin-promotion-get").routeId("admin-promotion-get")
                .process(e -> {
                    Caller.requireRole(e, Role.ADMIN);
                    http.ok(e, promotions.get(code(e)));
                });

        from("direct:admin-promotion-delete").routeId("admin-promotion-delete")
                .process(e -> {
                    Caller.requireRole(e, Role.ADMIN);
                    promotions.delete(code(e));
                    http.noContent(e);
                });
    }

    private static String code(Exchange e) {
        return e.getMessage().getHeader("code", String.class);
    }
}
