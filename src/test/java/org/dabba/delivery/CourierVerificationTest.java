package org.dabba.delivery;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.apache.camel.CamelContext;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.dabba.testing.OrderEvents;
import org.dabba.testing.Orders;
import org.dabba.testing.Orders.PlacedOrder;
import org.dabba.testing.Sockets.Client;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Couriers are verified like restaurants: a courier signs up with their vehicle's details, PENDING; until an admin
 * approves them they cannot go AVAILABLE and are never offered an order, whatever their position says.
 */
@QuarkusTest
@WithTestResource(LocalServers.class)
class CourierVerificationTest {

    static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    RedisDataSource redis;

    @Inject
    CamelContext camel;

    @Inject
    EntityManager entityManager;

    @BeforeEach
    void onlyThisTestsCouriersAreNearby() throws Exception {
        redis.key().del("dabba:couriers:available");
        OrderEvents.listen(camel);
    }

    private static Map<String, Object> courierSignup(Map<String, Object> details) {
        Map<String, Object> body = Api.signupBody("COURIER");
        if (details == null) {
            body.remove("courier");
        } else {
            body.put("courier", details);
        }
        return body;
    }

    private static Map<String, Object> details(String vehicle, String registration, String licence) {
        Map<String, Object> d = new HashMap<>();
        d.put("vehicle", vehicle);
        d.put("vehicleRegistration", registration);
        d.put("licenseNumber", licence);
        return d;
    }

    private static void refused(Map<String, Object> body, String field) {
        given().contentType(ContentType.JSON).body(body).post("/auth/signup")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem(field));
    }

    private static RequestSpecification admin() {
        return as(Api.adminToken());
    }

    private static void goAvailable(String courier, int status) {
        as(courier).body(Map.of("status", "AVAILABLE")).put("/couriers/me/availability").then().statusCode(status);
    }

    @Test
    void aCourierSignsUpWithTheirVehicleAndEachBadDetailIsNamed() {
        refused(courierSignup(null), "courier");
        refused(courierSignup(details("ROCKET", "TS09AB1234", "DL-1")), "courier.vehicle");
        refused(courierSignup(details(null, "TS09AB1234", "DL-1")), "courier.vehicle");
        refused(courierSignup(details("CAR", "TS09AB1234", null)), "courier.licenseNumber");
        refused(courierSignup(details("MOTORCYCLE", " ", "DL-1")), "courier.vehicleRegistration");
        refused(courierSignup(details("SCOOTER", "TS09AB1234", "D".repeat(33))), "courier.licenseNumber");
        refused(courierSignup(details("SCOOTER", "R".repeat(21), "DL-1")), "courier.vehicleRegistration");
        refused(courierSignup(details("SCOOTER", "TS09\u0000AB", "DL-1")), "courier.vehicleRegistration");
        refused(courierSignup(details("CAR", "TS09AB1234", "DL\u001b[2J")), "courier.licenseNumber");
        Map<String, Object> customer = Api.signupBody("CUSTOMER");
        customer.put("courier", details("BICYCLE", null, null));
        refused(customer, "courier");

        // All or nothing: a sign-up refused for its details left no account behind, so the same email signs up.
        Map<String, Object> car = courierSignup(details("CAR", "TS09AB1234", null));
        refused(car, "courier.licenseNumber");
        car.put("courier", details("CAR", "TS09AB1234", "TS0920190001234"));
        as(Api.signup(car)).get("/couriers/me").then().statusCode(200).body("vehicle", equalTo("CAR"));

        // A bicycle needs neither plate nor licence; the courier sees their details, PENDING.
        String cyclist = Api.signup(courierSignup(details("BICYCLE", null, null)));
        as(cyclist).get("/couriers/me").then().statusCode(200)
                .body("id", equalTo(Api.userId(cyclist)))
                .body("status", equalTo("PENDING"))
                .body("vehicle", equalTo("BICYCLE"))
                .body("licenseNumber", nullValue());
        String rider = Api.pendingCourier();
        as(rider).get("/couriers/me").then().statusCode(200)
                .body("vehicle", equalTo("SCOOTER"))
                .body("vehicleRegistration", equalTo("TS09AB1234"))
                .body("licenseNumber", notNullValue());
        as(Api.newUser("CUSTOMER")).get("/couriers/me").then().statusCode(403);
    }

    @Test
    void aPendingCourierIsOfferedNothingEvenWhenAvailableNearbyUntilApproved() throws Exception {
        PlacedOrder first = Orders.paid();
        String pending = Api.pendingCourier();
        String pendingId = Api.userId(pending);
        goAvailable(pending, 409);
        as(pending).body(Map.of("status", "AVAILABLE")).put("/couriers/me/availability")
                .then().contentType("application/problem+json")
                .body("type", equalTo("/problems/courier-not-approved"))
                .body("detail", containsString("PENDING"));
        // Defence in depth: even a courier Redis holds AVAILABLE right next to the restaurant (an approved one
        // whose approval is then taken back behind Redis' back) is not offered the order.
        String nextDoor = Couriers.available(Couriers.north(MatchingTest.LAT, 0.1), MatchingTest.LONG);
        setStatus(Api.userId(nextDoor), "PENDING");
        String approved = Couriers.available(Couriers.north(MatchingTest.LAT, 2.0), MatchingTest.LONG);
        try (Client nextDoorSocket = MatchingTest.socket(nextDoor);
                Client pendingSocket = MatchingTest.socket(pending);
                Client approvedSocket = MatchingTest.socket(approved)) {
            PlacedOrder o = MatchingTest.accept(first);
            approvedSocket.next(MatchingTest.offerOf(o.orderId()), WAIT);
            MatchingTest.noOfferOf(nextDoorSocket, o.orderId());
            MatchingTest.noOfferOf(pendingSocket, o.orderId());
            as(nextDoor).post("/deliveries/{o}/accept", o.orderId()).then().statusCode(403);
            admin().body(Map.of("courierId", pendingId)).post("/admin/deliveries/{o}/assign", o.orderId())
                    .then().statusCode(409).body("type", equalTo("/problems/courier-not-approved"));

            // Approved, the courier is told, goes AVAILABLE and is offered the next order nearby.
            admin().body(Map.of("decision", "APPROVE")).post("/admin/couriers/{id}/verification", pendingId)
                    .then().statusCode(200)
                    .body("status", equalTo("APPROVED"))
                    .body("decidedBy", notNullValue())
                    .body("decidedAt", notNullValue());
            as(pending).get("/couriers/me").then().statusCode(200).body("status", equalTo("APPROVED"));
            await().atMost(WAIT).untilAsserted(() -> as(pending).get("/notifications").then().statusCode(200)
                    .body("items.type", hasItem("courier.verified")));
            goAvailable(pending, 200);
            Couriers.at(pending, Couriers.north(MatchingTest.LAT, 0.5), MatchingTest.LONG);
            PlacedOrder second = MatchingTest.accept(Orders.paid());
            JsonNode offer = pendingSocket.next(MatchingTest.offerOf(second.orderId()), WAIT);
            as(pending).post("/deliveries/{o}/accept", second.orderId()).then().statusCode(200)
                    .body("courierId", equalTo(pendingId));
            MatchingTest.noOfferOf(nextDoorSocket, second.orderId());
            assertEquals("The Spice Garden", offer.path("restaurant").path("name").asText());
        }
    }

    @Test
    void aRejectedCourierIsToldWhyAndStaysOutAndADecisionIsFinal() {
        String courier = Api.pendingCourier();
        String id = Api.userId(courier);
        admin().body(Map.of("decision", "REJECT")).post("/admin/couriers/{id}/verification", id)
                .then().statusCode(400).body("errors[0].field", equalTo("reason"));
        admin().body(Map.of("decision", "MAYBE")).post("/admin/couriers/{id}/verification", id)
                .then().statusCode(400).body("errors[0].field", equalTo("decision"));
        admin().body(Map.of("decision", "REJECT", "reason", "Licence does not match the name"))
                .post("/admin/couriers/{id}/verification", id)
                .then().statusCode(200)
                .body("status", equalTo("REJECTED"))
                .body("statusReason", equalTo("Licence does not match the name"));
        admin().body(Map.of("decision", "APPROVE")).post("/admin/couriers/{id}/verification", id)
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("/problems/illegal-transition"));
        goAvailable(courier, 409);
        await().atMost(WAIT).untilAsserted(() -> as(courier).get("/notifications").then().statusCode(200)
                .body("items.type", hasItem("courier.rejected"))
                .body("items.body", hasItem(containsString("Licence does not match the name"))));

        // Approving twice is refused too: a decision is made once.
        String other = Api.userId(Api.pendingCourier());
        Api.approveCourier(other);
        admin().body(Map.of("decision", "APPROVE")).post("/admin/couriers/{id}/verification", other)
                .then().statusCode(409).body("type", equalTo("/problems/illegal-transition"));
    }

    @Test
    void anApprovedCourierCanBeSuspendedAndReinstated() {
        String courier = Couriers.available(Couriers.north(MatchingTest.LAT, 40.0), MatchingTest.LONG);
        String id = Api.userId(courier);
        admin().body(Map.of("reason", "")).post("/admin/couriers/{id}/suspend", id)
                .then().statusCode(400).body("errors[0].field", equalTo("reason"));
        admin().body(Map.of("reason", "Customers reported no-shows")).post("/admin/couriers/{id}/suspend", id)
                .then().statusCode(200).body("status", equalTo("SUSPENDED"))
                .body("statusReason", equalTo("Customers reported no-shows"));
        goAvailable(courier, 409);
        admin().body(Map.of("reason", "again")).post("/admin/couriers/{id}/suspend", id)
                .then().statusCode(409).body("type", equalTo("/problems/illegal-transition"));
        admin().post("/admin/couriers/{id}/reinstate", id).then().statusCode(200).body("status", equalTo("APPROVED"))
                .body("statusReason", nullValue());
        goAvailable(courier, 200);
        String pending = Api.userId(Api.pendingCourier());
        admin().body(Map.of("reason", "x")).post("/admin/couriers/{id}/suspend", pending)
                .then().statusCode(409).body("type", equalTo("/problems/illegal-transition"));
    }

    @Test
    void adminsListCouriersByStatusPageByPage() {
        List<String> mine = List.of(Api.pendingCourier(), Api.pendingCourier(), Api.pendingCourier()).stream()
                .map(Api::userId).toList();
        int total = admin().get("/admin/couriers?status=PENDING&size=100").then().statusCode(200)
                .body("items.status", everyItem(equalTo("PENDING")))
                .body("size", equalTo(100))
                .extract().path("total");
        // Oldest first: the three just signed up are the last three.
        admin().get("/admin/couriers?status=PENDING&size=1&page=" + (total - 1)).then().statusCode(200)
                .body("items.size()", equalTo(1))
                .body("items[0].id", equalTo(mine.get(2)))
                .body("page", equalTo(total - 1))
                .body("total", equalTo(total));
        admin().get("/admin/couriers?status=PENDING&size=2&page=" + ((total - 2) / 2)).then().statusCode(200)
                .body("items.id", hasItem(mine.get(1)));
        Api.approveCourier(mine.get(0));
        admin().get("/admin/couriers?status=PENDING&size=1").then().statusCode(200).body("total", equalTo(total - 1));
        admin().get("/admin/couriers/{id}", mine.get(0)).then().statusCode(200).body("status", equalTo("APPROVED"))
                .body("vehicle", equalTo("SCOOTER"));
        admin().get("/admin/couriers?status=WAITING").then().statusCode(400).body("errors[0].field", equalTo("status"));
        admin().get("/admin/couriers?size=101").then().statusCode(400).body("errors[0].field", equalTo("size"));
        admin().get("/admin/couriers").then().statusCode(200).body("items.status", hasItems("APPROVED"));
    }

    @Test
    void onlyAdminsReachTheQueueAndUnknownCouriersAre404() {
        String someone = Api.userId(Api.pendingCourier());
        Map<String, Function<RequestSpecification, io.restassured.response.Response>> calls = Map.of(
                "list", r -> r.get("/admin/couriers"),
                "get", r -> r.get("/admin/couriers/{id}", someone),
                "verify", r -> r.body(Map.of("decision", "APPROVE"))
                        .post("/admin/couriers/{id}/verification", someone),
                "suspend", r -> r.body(Map.of("reason", "x")).post("/admin/couriers/{id}/suspend", someone),
                "reinstate", r -> r.post("/admin/couriers/{id}/reinstate", someone));
        String courier = Api.newUser("COURIER");
        String customer = Api.newUser("CUSTOMER");
        calls.forEach((name, call) -> {
            call.apply(given().contentType(ContentType.JSON)).then().statusCode(401);
            call.apply(as(courier)).then().statusCode(403);
            call.apply(as(customer)).then().statusCode(403);
        });
        admin().get("/admin/couriers/{id}", someone).then().statusCode(200).body("status", equalTo("PENDING"));

        String unknown = UUID.randomUUID().toString();
        admin().get("/admin/couriers/{id}", unknown).then().statusCode(404).contentType("application/problem+json");
        admin().body(Map.of("decision", "APPROVE")).post("/admin/couriers/{id}/verification", unknown)
                .then().statusCode(404);
        admin().get("/admin/couriers/{id}", "not-a-uuid").then().statusCode(404); // no such courier can exist
        // A customer is not a courier: no profile to decide on.
        admin().body(Map.of("decision", "APPROVE"))
                .post("/admin/couriers/{id}/verification", Api.userId(customer)).then().statusCode(404);
    }

    /** Changes a courier's verification behind the API's back (as a stale Redis would not know). */
    private void setStatus(String courierId, String status) {
        QuarkusTransaction.requiringNew().run(() -> entityManager
                .createNativeQuery("update couriers set status = :s where id = :id")
                .setParameter("s", status).setParameter("id", UUID.fromString(courierId)).executeUpdate());
    }
}
