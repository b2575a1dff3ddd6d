package org.dabba.platform.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.dabba.delivery.events.CourierProfile;
import org.dabba.delivery.events.CourierSuspended;
import org.dabba.menu.events.MenuItemAvailabilityChanged;
import org.dabba.menu.events.MenuItemData;
import org.dabba.restaurant.events.RestaurantState;
import org.dabba.restaurant.events.RestaurantVerified;
import org.junit.jupiter.api.Test;

/** The records keep the JSON integrators already read: the same fields, the restaurant and courier unwrapped. */
class EventRecordsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final Instant AT = Instant.parse("2026-12-03T10:15:30.123456Z");

    /** The event as a consumer reads it: data as the outbox writes it, decimals as they are. */
    static CloudEvent event(String type, Object data) throws Exception {
        return new CloudEvent("1.0", "e-1", "/dabba/test", type, UUID.randomUUID().toString(), AT,
                "application/json", CloudEvents.exactDecimals(MAPPER).readTree(MAPPER.writeValueAsBytes(data)));
    }

    @Test
    void aRestaurantEventIsTheRestaurantItself() throws Exception {
        UUID owner = UUID.randomUUID();
        RestaurantState state = new RestaurantState(UUID.randomUUID(), "Dosa Point", null, null, "ACTIVE", "OFFLINE",
                new RestaurantState.Address("1 MG Road", "Bengaluru", "560001", new BigDecimal("12.9716000"),
                        new BigDecimal("77.5946000")),
                new RestaurantState.Contact("owner@example.com", "+919876543210"), new BigDecimal("4.50"), 2,
                BigDecimal.ZERO, 20, null, "LIC-1", null, owner, null, 3L, AT, AT, false, null, null);
        JsonNode json = MAPPER.valueToTree(new RestaurantVerified(state));
        assertEquals("Dosa Point", json.path("name").asText());
        assertEquals(owner.toString(), json.path("ownerId").asText());
        assertEquals("Bengaluru", json.path("address").path("city").asText());
        assertFalse(json.has("restaurant"), "no wrapper around the restaurant");
        assertFalse(json.has("gst"), "fields without a value are left out, as before");

        RestaurantVerified read = event(RestaurantVerified.TYPE, new RestaurantVerified(state))
                .data(RestaurantVerified.class);
        assertEquals(state, read.restaurant());
    }

    @Test
    void aCourierEventIsTheProfileItself() throws Exception {
        CourierProfile profile = new CourierProfile(UUID.randomUUID(), "SUSPENDED", "SCOOTER", "TS09AB1234", "DL-1",
                "Late deliveries", UUID.randomUUID(), AT, AT, AT, 4);
        JsonNode json = MAPPER.valueToTree(new CourierSuspended(profile));
        assertEquals("Late deliveries", json.path("statusReason").asText());
        assertTrue(json.has("id"));
        assertEquals(profile, event(CourierSuspended.TYPE, new CourierSuspended(profile))
                .data(CourierSuspended.class).courier());
    }

    @Test
    void aMenuEventCarriesTheItemAndItsVersion() throws Exception {
        MenuItemData item = new MenuItemData(UUID.randomUUID(), UUID.randomUUID(), "Masala Dosa", null,
                new BigDecimal("120.00"), "Breakfast", "VEG", false, null, null, AT, AT);
        JsonNode json = MAPPER.valueToTree(new MenuItemAvailabilityChanged(item, 7));
        assertEquals(7, json.path("version").asLong());
        assertFalse(json.path("item").path("isAvailable").asBoolean(true));
        assertTrue(json.path("item").has("description"), "null fields stay, as before");
        MenuItemAvailabilityChanged read = event(MenuItemAvailabilityChanged.TYPE,
                new MenuItemAvailabilityChanged(item, 7)).data(MenuItemAvailabilityChanged.class);
        assertEquals(item, read.item());
        assertEquals(7, read.version());
    }

    @Test
    void anEventWrittenByJacksonIsItsStructuredForm() throws Exception {
        CloudEvent event = new CloudEvent("1.0", "e-2", "/dabba/test", "org.dabba.test.happened", "s-1", AT,
                "application/json", MAPPER.createObjectNode().put("amount", new BigDecimal("550.00")));
        JsonNode json = CloudEvents.exactDecimals(MAPPER).readTree(MAPPER.writeValueAsString(event));
        assertEquals("org.dabba.test.happened", json.path("type").asText());
        assertEquals("s-1", json.path("subject").asText());
        assertEquals("2026-12-03T10:15:30.123456Z", json.path("time").asText());
        assertEquals("550.00", json.path("data").path("amount").decimalValue().toPlainString());
    }

    @Test
    void theSchemaNamesTypeAndVersion() {
        assertEquals("urn:dabba:events:org.dabba.restaurant.verified:v1",
                DomainEvent.schemaOf(RestaurantVerified.class).toString());
    }
}
