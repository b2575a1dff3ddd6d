package org.dabba.checkout;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.dabba.checkout.Pricing.Tariff;

/**
 * The configured tariff as a bean, for checkout to inject and hand to {@link Pricing}. Built at start-up, so a
 * setting the tariff refuses (e.g. a currency without 2 decimals) stops the app instead of failing at checkout.
 */
@ApplicationScoped
public class CheckoutTariff {

    @Produces
    @Singleton
    @Startup
    Tariff tariff(CheckoutConfig config) {
        return Tariff.of(config);
    }
}
