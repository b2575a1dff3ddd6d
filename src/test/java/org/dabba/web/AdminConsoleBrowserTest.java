package org.dabba.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.dabba.platform.events.DeadLetters;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.dabba.testing.Orders;
import org.dabba.testing.Orders.PlacedOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The admin console in a real browser: an admin signs in, verifies restaurants and couriers, runs a promotion,
 * rebuilds the search index and replays a dead letter; a wrong move is explained where it was made.
 */
@QuarkusTest
@WithTestResource(LocalServers.class)
class AdminConsoleBrowserTest {

    @RegisterExtension
    static final Browser BROWSER = new Browser();

    @Inject
    DeadLetters deadLetters;

    @Test
    void restaurantsAreApprovedAndRejectedWithAReason() {
        String approved = Api.register(Api.newUser("RESTAURANT_OWNER"));
        String rejected = Api.register(Api.newUser("RESTAURANT_OWNER"));
        Page page = signedIn();
        BROWSER.screenshot(page, "console");

        Locator card = findRestaurant(page, approved);
        assertThat(card.locator(".status")).hasText("Waiting for verification");
        assertThat(card).containsText("GSTIN123456789");
        assertThat(card).containsText("123 Main St, Hyderabad, 500001");
        assertThat(card.getByRole(AriaRole.IMG, new Locator.GetByRoleOptions()
                .setName(Pattern.compile("Where The Spice Garden is")))).isVisible();
        BROWSER.screenshot(page, "pending-restaurant");
        card.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Approve")).click();
        assertThat(card.locator(".status")).hasText("Verified");
        assertThat(card.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Deactivate")))
                .isVisible();
        as(Api.adminToken()).get("/restaurants/{id}", approved).then().statusCode(200)
                .body("status", equalTo("ACTIVE"));
        BROWSER.screenshot(page, "approved-restaurant");
        card.getByLabel("Reason for deactivating").fill("Hygiene inspection pending");
        card.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Deactivate")).click();
        assertThat(card.locator(".status")).hasText("Deactivated");
        assertThat(card).containsText("Reason: Hygiene inspection pending");
        card.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Reactivate")).click();
        assertThat(card.locator(".status")).hasText("Verified");

        Locator other = findRestaurant(page, rejected);
        Locator reject = other.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Reject")
                .setExact(true));
        reject.click();
        assertThat(other.locator("[data-error-for='reason']")).containsText("required");
        assertThat(other.getByLabel("Reason for rejecting")).hasAttribute("aria-invalid", "true");
        assertThat(other.locator(".status")).hasText("Waiting for verification");
        BROWSER.screenshot(page, "reject-without-reason");
        other.getByLabel("Reason for rejecting").fill("The licence number does not match the GST record");
        reject.click();
        assertThat(other.locator(".status")).hasText("Rejected");
        assertThat(other).containsText("Reason: The licence number does not match the GST record");
        as(Api.adminToken()).get("/restaurants/{id}", rejected).then().statusCode(200)
                .body("status", equalTo("REJECTED"));
        BROWSER.screenshot(page, "rejected-restaurant");
    }

    @Test
    void aCourierIsApproved() {
        String courierId = Api.userId(Api.pendingCourier());
        Page page = signedIn();
        page.getByLabel("Courier id").fill(courierId);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Find courier")).click();
        Locator card = page.locator("#courier-list [data-courier-id='" + courierId + "']");
        assertThat(card.locator("h3")).isFocused();
        assertThat(card.locator(".status")).hasText("Waiting for verification");
        assertThat(card).containsText("Scooter");
        assertThat(card).containsText("TS09AB1234");
        card.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Approve")).click();
        assertThat(card.locator(".status")).hasText("Approved");
        as(Api.adminToken()).get("/admin/couriers/{id}", courierId).then().statusCode(200)
                .body("status", equalTo("APPROVED"));
        BROWSER.screenshot(page, "approved-courier");

        // still usable on a phone: nothing wider than the screen
        page.setViewportSize(360, 780);
        assertThat(card.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Deactivate")))
                .isVisible();
        assertEquals(List.of(), page.evaluate("""
                [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 361
                        && !e.closest('.table-wrap, .visually-hidden'))
                    .map(e => e.tagName + '#' + e.id + '.' + e.className)"""), "wider than a 360 px screen");
        BROWSER.screenshot(page, "at-360-px");
    }

    @Test
    void aPromotionIsCreatedAndEnded() {
        String code = "WEB" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        Page page = signedIn();
        Locator form = page.locator("#promotion-form");
        form.getByLabel("Code").fill(code.toLowerCase());
        form.getByLabel("Type").selectOption("PERCENTAGE");
        form.getByLabel("Value").fill("20");
        form.getByLabel("Minimum order (optional)").fill("199.00");
        form.getByLabel("Maximum discount (optional)").fill("150.50");
        form.getByLabel("Uses per customer (optional)").fill("2");
        form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Create promotion")).click();
        Locator row = page.locator("#promotion-list [data-promotion-code='" + code + "']");
        assertThat(row).containsText("20% off");
        as(Api.adminToken()).get("/admin/promotions/{code}", code).then().statusCode(200)
                .body("perUserLimit", equalTo(2));
        BROWSER.screenshot(page, "promotion-created");

        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("End " + code)).click();
        assertThat(row).isHidden();
        as(Api.adminToken()).get("/admin/promotions/{code}", code).then().statusCode(404);
        BROWSER.screenshot(page, "promotion-ended");
    }

    @Test
    void theSearchIndexIsRebuilt() {
        Page page = signedIn();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Rebuild the search index")).click();
        assertThat(page.locator("#search-rebuild")).hasText(Pattern.compile("^(Running|Done) · \\d+ of \\d+"));
        BROWSER.screenshot(page, "reindex");
    }

    @Test
    void aParkedEventIsReplayed() throws Exception {
        String eventId = UUID.randomUUID().toString();
        // an event the restaurants' boards have nothing to show for: it goes through once replayed
        deadLetters.park("order-dashboard-push", new ObjectMapper().writeValueAsString(Map.of("specversion", "1.0", "id", eventId,
                "source", "/tests", "type", "org.dabba.tests.noticed", "subject", eventId,
                "time", Instant.now().toString(), "datacontenttype", "application/json", "data", Map.of())),
                "java.lang.IllegalStateException: the board was away", 4);
        String id = as(Api.adminToken()).get("/admin/dead-letters?consumer=order-dashboard-push&status=PARKED")
                .then().statusCode(200).extract().path("items.find { it.eventId == '" + eventId + "' }.id");
        Page page = signedIn();
        Locator card = page.locator("#dead-letter-list [data-dead-letter-id='" + id + "']");
        assertThat(card).containsText("the board was away");
        BROWSER.screenshot(page, "dead-letter");
        card.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Replay")).click();
        assertThat(card.locator(".status")).hasText("REPLAYED");
        assertThat(card).containsText("Replayed");
        BROWSER.screenshot(page, "dead-letter-replayed");
    }

    @Test
    void anOrderNobodyTookIsCancelledAndRefunded() {
        PlacedOrder order = Orders.paid();
        // as the dispatcher leaves an order after its last round of offers
        QuarkusTransaction.requiringNew().run(() -> Panache.getEntityManager().createNativeQuery("""
                insert into delivery_unassigned (order_id, restaurant_id, rounds, flagged_at)
                values (:order, :restaurant, 3, now())""")
                .setParameter("order", UUID.fromString(order.orderId()))
                .setParameter("restaurant", UUID.fromString(order.restaurantId())).executeUpdate());
        Page page = signedIn();
        Locator card = page.locator("#delivery-list [data-order-id='" + order.orderId() + "']");
        assertThat(card).containsText("Order #" + order.orderId().substring(0, 8).toUpperCase());

        // not accepted by the restaurant yet: nothing to dispatch, and the console says why
        card.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Redispatch")).click();
        assertThat(card.locator(".inline-form .form-error")).not().isEmpty();
        BROWSER.screenshot(page, "redispatch-refused");

        card.getByLabel("Reason for cancelling").fill("No courier could reach the restaurant");
        card.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Cancel and refund")).click();
        assertThat(card.locator(".status")).hasText("Cancelled, refund on its way");
        as(Api.adminToken()).get("/orders/{id}/status", order.orderId()).then().statusCode(200)
                .body("status", equalTo("CANCELLED"));
        BROWSER.screenshot(page, "cancelled");
    }

    @Test
    void someoneWhoIsNotAnAdminIsTurnedAway() {
        Map<String, Object> customer = Api.signupBody("CUSTOMER");
        Api.signup(customer);
        Page page = BROWSER.desk();
        page.navigate("/admin/");
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create an account")))
                .hasCount(0);
        signIn(page, (String) customer.get("email"), (String) customer.get("password"));
        assertThat(page.locator("[data-error-for='email']")).hasText("This page is for Dabba's administrators.");
        assertThat(page.locator("#console")).isHidden();
        BROWSER.screenshot(page, "not-an-admin");
    }

    private static Page signedIn() {
        Page page = BROWSER.desk();
        page.navigate("/admin/");
        signIn(page, "admin@dabba.local", Api.DEFAULT_ADMIN_PASSWORD);
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Restaurants")))
                .isVisible();
        return page;
    }

    private static void signIn(Page page, String email, String password) {
        Locator form = page.locator("form:visible").first();
        form.getByLabel("Email").fill(email);
        form.getByLabel("Password").fill(password);
        form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Sign in")).click();
    }

    /** Opens a restaurant by its id (the queue is oldest first, so a new one may be pages away). */
    private static Locator findRestaurant(Page page, String restaurantId) {
        page.getByLabel("Restaurant id").fill(restaurantId);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Find restaurant")).click();
        Locator card = page.locator("#restaurant-list [data-restaurant-id='" + restaurantId + "']");
        // the card found takes the focus: the one the list showed before is gone by then
        assertThat(card.locator("h3")).isFocused();
        return card;
    }
}
