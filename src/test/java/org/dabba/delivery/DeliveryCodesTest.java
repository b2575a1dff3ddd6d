package org.dabba.delivery;

import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.dabba.testing.Orders;
import org.dabba.testing.Orders.PlacedOrder;
import org.junit.jupiter.api.Test;

/**
 * With delivery codes on: the customer sees the code made at pickup, the courier never does and must send it to
 * deliver; wrong codes count down to a lock; an order picked up before codes were on needs none.
 */
@QuarkusTest
@WithTestResource(LocalServers.class)
@TestProfile(DeliveryCodesTest.CodesOn.class)
class DeliveryCodesTest {

    public static class CodesOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dabba.delivery.codes.enabled", "true");
        }
    }

    @Inject
    DataSource db;

    @Test
    void theCustomerSeesTheCodeTheCourierSendsIt() throws SQLException {
        PlacedOrder o = Orders.paid();
        UUID customer = UUID.fromString(Api.userId(o.customerToken()));
        as(o.customerToken()).body(Map.of("platform", "IOS", "token", "apns-" + UUID.randomUUID()))
                .post("/me/devices").then().statusCode(201);
        update("update users set phone = '+919876500001', phone_verified_at = now() where id = ?", customer);
        String courier = Couriers.pickedUp(o);
        String code = as(o.customerToken()).get("/orders/{o}/location", o.orderId()).then().statusCode(200)
                .extract().path("deliveryCode");
        assertTrue(code != null && code.matches("[0-9]{4}"), code);

        // It was sent to the customer by SMS and push, and to nobody else.
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                select channel, payload, user_id from notification_deliveries
                where type = 'delivery.code' and subject_id = ? order by channel""")) {
            s.setObject(1, UUID.fromString(o.orderId()));
            try (ResultSet rows = s.executeQuery()) {
                List<String> channels = new ArrayList<>();
                while (rows.next()) {
                    channels.add(rows.getString(1));
                    assertTrue(rows.getString(2).contains(code), rows.getString(2));
                    assertEquals(customer, rows.getObject(3));
                }
                assertEquals(List.of("PUSH", "SMS"), channels);
            }
        }

        // Nothing the courier reads carries it.
        String job = as(courier).get("/couriers/me/delivery").then().statusCode(200).extract().asString();
        assertFalse(job.contains("\"" + code + "\"") || job.contains("deliveryCode"), job);
        assertTrue(job.contains("\"codeRequired\":true"), job);
        as(courier).get("/orders/{o}/location", o.orderId()).then().statusCode(404);
        as(courier).get("/orders/{o}", o.orderId()).then().statusCode(404);
        as(Api.newUser("CUSTOMER")).get("/orders/{o}/location", o.orderId()).then().statusCode(404);

        as(courier).post("/deliveries/{o}/deliver", o.orderId()).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("otp"));
        as(courier).body(Map.of("otp", other(code))).post("/deliveries/{o}/deliver", o.orderId()).then()
                .statusCode(422).body("type", equalTo("/problems/delivery-code-mismatch"))
                .body("attemptsLeft", equalTo(4));
        String delivered = as(courier).body(Map.of("otp", code)).post("/deliveries/{o}/deliver", o.orderId()).then()
                .statusCode(200).body("status", equalTo("DELIVERED")).extract().asString();
        assertFalse(delivered.contains("\"" + code + "\""), delivered);
    }

    @Test
    void fiveWrongCodesLockTheDeliveryAndOnlyItsCourierSpendsThem() {
        PlacedOrder o = Orders.paid();
        String courier = Couriers.pickedUp(o);
        String code = as(o.customerToken()).get("/orders/{o}/location", o.orderId()).then().statusCode(200)
                .extract().path("deliveryCode");
        String stranger = Api.newUser("COURIER");
        as(stranger).body(Map.of("otp", other(code))).post("/deliveries/{o}/deliver", o.orderId()).then()
                .statusCode(403);
        for (int left = 4; left >= 0; left--) {
            as(courier).body(Map.of("otp", other(code))).post("/deliveries/{o}/deliver", o.orderId()).then()
                    .statusCode(422).body("attemptsLeft", equalTo(left));
        }
        as(courier).body(Map.of("otp", code)).post("/deliveries/{o}/deliver", o.orderId()).then().statusCode(423)
                .contentType("application/problem+json").body("type", equalTo("/problems/delivery-code-locked"));
        as(o.customerToken()).get("/orders/{o}/status", o.orderId()).then().body("status",
                equalTo("OUT_FOR_DELIVERY"));
    }

    @Test
    void anOrderPickedUpWithoutACodeIsDeliveredWithoutOne() {
        PlacedOrder o = Orders.paid();
        String courier = Couriers.pickedUp(o);
        // As if picked up before codes were turned on.
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("delete from delivery_codes where order_id = ?")) {
            s.setObject(1, UUID.fromString(o.orderId()));
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        as(o.customerToken()).get("/orders/{o}/location", o.orderId()).then().statusCode(200)
                .body("deliveryCode", equalTo(null));
        as(courier).post("/deliveries/{o}/deliver", o.orderId()).then().statusCode(200)
                .body("status", equalTo("DELIVERED"));
    }

    void update(String sql, UUID id) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, id);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A code that is not {@code code}. */
    static String other(String code) {
        return "%04d".formatted((Integer.parseInt(code) + 1) % 10_000);
    }
}
