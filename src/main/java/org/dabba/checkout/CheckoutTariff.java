package org.dabba.checkout;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.dabba.checkout.Pricing.Tariff;

/** The configured tariff as a bean, built at start-up: a setting it refuses stops the app, not a checkout. */
@ApplicationScoped
public class CheckoutTariff {

    @Produces
    @Singleton
    @Startup
    Tariff tariff(CheckoutConfig config) {
        return Tariff.of(config);
    }
}
