package org.dabba.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.payment.PaymentsConfig;

/** GET /pages/settings: what the pages need to know of this installation before anyone signs in. */
@ApplicationScoped
public class PageSettingsRoutes extends RouteBuilder {

    public record MapSettings(String tileUrl, String attribution) {
    }

    /**
     * How the customer's page pays by card: against the sandbox this app serves (its path, so that the page reaches
     * it on whatever address it was loaded from) or against Stripe with Stripe.js; no publishable key, no card form.
     */
    public record PaymentSettings(String gateway, String publishableKey, String apiBase) {
    }

    public record PageSettings(MapSettings map, PaymentSettings payments) {
    }

    /** Where the sandbox answers on this app (payment/sandbox/SandboxRoutes). */
    static final String SANDBOX_PATH = "/sandbox/stripe";

    @Inject
    PagesConfig config;

    @Inject
    PaymentsConfig payments;

    @Override
    public void configure() {
        PaymentsConfig.Gateway gateway = payments.gateway();
        PaymentSettings paying = new PaymentSettings(gateway.name().toLowerCase(Locale.ROOT),
                payments.publishableKey().filter(key -> !key.isBlank()).orElse(null),
                gateway == PaymentsConfig.Gateway.SANDBOX ? SANDBOX_PATH : payments.baseUrl());
        from("direct:pageSettings").routeId("page-settings")
                .process(e -> e.getMessage().setBody(new PageSettings(new MapSettings(
                        config.map().tileUrl().orElse(null), config.map().attribution().orElse(null)), paying)));
    }
}
