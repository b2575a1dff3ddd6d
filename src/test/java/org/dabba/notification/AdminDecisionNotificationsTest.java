package org.dabba.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.dabba.delivery.events.CourierProfile;
import org.dabba.delivery.events.CourierSuspended;
import org.dabba.platform.events.CloudEvent;
import org.dabba.restaurant.events.RestaurantRejected;
import org.dabba.restaurant.events.RestaurantState;
import org.dabba.restaurant.events.RestaurantUpdated;
import org.junit.jupiter.api.Test;

/** The owner's and the courier's notifications of the admins' decisions, read from the typed events. */
class AdminDecisionNotificationsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final Instant AT = Instant.parse("2026-12-03T10:15:30Z");
    private static final UUID OWNER = UUID.randomUUID();
    private static final UUID RESTAURANT = UUID.randomUUID();

    static CloudEvent event(String type, UUID subject, Object data) {
        return new CloudEvent("1.0", UUID.randomUUID().toString(), "/dabba/test", type, subject.toString(), AT,
                "application/json", MAPPER.valueToTree(data));
    }

    static RestaurantState restaurant(String status, String reason) {
        return new RestaurantState(RESTAURANT, "Dosa Point", null, null, status, "OFFLINE",
                new RestaurantState.Address("1 MG Road", "Bengaluru", "560001", BigDecimal.ONE, BigDecimal.ONE),
                new RestaurantState.Contact("owner@example.com", "+919876543210"), BigDecimal.ZERO, 0,
                BigDecimal.ZERO, 20, null, "LIC-1", null, OWNER, reason, 2L, AT, AT, false, null, null);
    }

    @Test
    void aRejectionTellsTheOwnerWhyUnderTheTypeClientsKnow() {
        NotificationMessage n = RestaurantNotifications.of(event(RestaurantRejected.TYPE, RESTAURANT,
                new RestaurantRejected(restaurant("REJECTED", "Blurry licence")))).orElseThrow();
        assertEquals("restaurant.rejected", n.type());
        assertEquals(OWNER, n.userId());
        assertEquals(RESTAURANT, n.subjectId());
        assertEquals("Dosa Point was rejected: Blurry licence", n.body());
    }

    @Test
    void anEventPublishedUnderItsFormerNameStillNotifies() {
        NotificationMessage n = RestaurantNotifications.of(event("restaurant.rejected", RESTAURANT,
                new RestaurantRejected(restaurant("REJECTED", "Blurry licence")))).orElseThrow();
        assertEquals("restaurant.rejected", n.type());
    }

    @Test
    void otherRestaurantEventsMakeNone() {
        assertTrue(RestaurantNotifications.of(event(RestaurantUpdated.TYPE, RESTAURANT,
                new RestaurantUpdated(restaurant("ACTIVE", null)))).isEmpty());
    }

    @Test
    void aSuspensionTellsTheCourier() {
        UUID courier = UUID.randomUUID();
        NotificationMessage n = CourierNotifications.of(event(CourierSuspended.TYPE, courier,
                new CourierSuspended(new CourierProfile(courier, "SUSPENDED", "SCOOTER", "TS09AB1234", "DL-1",
                        "Late deliveries", UUID.randomUUID(), AT, AT, AT, 3)))).orElseThrow();
        assertEquals("courier.suspended", n.type());
        assertEquals(courier, n.userId());
        assertEquals("You receive no offers until Dabba reinstates you: Late deliveries", n.body());
    }
}
