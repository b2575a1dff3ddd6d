package org.dabba.delivery;

import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.dabba.testing.LocalServers;
import org.dabba.testing.Orders;
import org.dabba.testing.Orders.PlacedOrder;
import org.junit.jupiter.api.Test;

/** Delivery codes are off by default: no code is shown, and a delivery needs none (a body is ignored). */
@QuarkusTest
@WithTestResource(LocalServers.class)
class DeliveryCodesOffTest {

    @Test
    void withCodesOffADeliveryNeedsNoCode() {
        PlacedOrder o = Orders.paid();
        String courier = Couriers.pickedUp(o);
        as(o.customerToken()).get("/orders/{o}/location", o.orderId()).then().statusCode(200)
                .body("deliveryCode", nullValue());
        as(courier).body(Map.of("otp", "0000")).post("/deliveries/{o}/deliver", o.orderId()).then().statusCode(200)
                .body("status", equalTo("DELIVERED"));

        PlacedOrder next = Orders.paid();
        String another = Couriers.pickedUp(next);
        as(another).post("/deliveries/{o}/deliver", next.orderId()).then().statusCode(200)
                .body("status", equalTo("DELIVERED"));
    }
}
