package org.dabba.checkout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import org.dabba.checkout.Pricing.Tariff;
import org.dabba.order.OrderBodies.PriceBreakdown;
import org.dabba.testing.LocalServers;
import org.junit.jupiter.api.Test;

/** The tariff checkout injects is the configured one, with the documented defaults. */
@QuarkusTest
@WithTestResource(LocalServers.class)
class CheckoutTariffTest {

    @Inject
    Tariff tariff;

    @Test
    void theDefaultTariffIsTheDocumentedOne() {
        assertEquals(new Tariff("INR", new BigDecimal("0.05"), new BigDecimal("5.00"), new BigDecimal("20.00"),
                new BigDecimal("5.00"), new BigDecimal("2"), new BigDecimal("10")), tariff);
        // The example of docs/reference/menus-carts-checkout.md.
        PriceBreakdown p = Pricing.price(new BigDecimal("500.00"), new BigDecimal("50.00"), 3.5, null, tariff);
        assertEquals(new PriceBreakdown(new BigDecimal("500.00"), new BigDecimal("50.00"), new BigDecimal("22.50"),
                new BigDecimal("5.00"), new BigDecimal("27.50"), new BigDecimal("505.00"), "INR"), p);
    }
}
