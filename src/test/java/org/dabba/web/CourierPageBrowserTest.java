package org.dabba.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Geolocation;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.dabba.testing.Offers;
import org.dabba.testing.Orders;
import org.dabba.testing.Orders.PlacedOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The courier page on a phone: a rider signs up with their motorcycle, waits for approval, goes available with the
 * phone's position streamed to the platform, takes an offer and delivers it; hands a delivery back with a reason;
 * and is told clearly when an offer ran out before they took it.
 */
@QuarkusTest
@WithTestResource(LocalServers.class)
class CourierPageBrowserTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final Browser BROWSER = new Browser();

    @Inject
    RedisDataSource redis;

    @Test
    void aRiderSignsUpIsApprovedGoesLiveAndDeliversAnOffer() {
        double lat = 12.9716;
        double lon = 77.5946;
        Page page = phoneAt(lat, lon);
        List<String> sent = new CopyOnWriteArrayList<>();
        page.onWebSocket(socket -> socket.onFrameSent(frame -> sent.add(frame.text())));
        page.navigate("/courier/");

        String email = "rider-" + UUID.randomUUID() + "@example.com";
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create an account")).click();
        Locator form = page.locator("form:visible");
        form.getByLabel("Your name").fill("Ravi Kumar");
        form.getByLabel("Email").fill(email);
        form.getByLabel("Password").fill("correct-horse");
        form.getByLabel("Vehicle").selectOption("MOTORCYCLE");
        form.getByLabel("Number plate").fill("KA01AB1234");
        form.getByLabel("Driving licence number").fill("DL-" + UUID.randomUUID().toString().substring(0, 8));
        BROWSER.screenshot(page, "sign-up");
        form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Create account")).click();

        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Waiting for approval")))
                .isVisible();
        Locator available = availableSwitch(page);
        assertThat(available).isDisabled();
        BROWSER.screenshot(page, "waiting-for-approval");

        String courierId = Api.userId(Api.login(email, "correct-horse"));
        Api.approveCourier(courierId);
        page.reload();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Waiting for approval")))
                .isHidden();
        assertThat(available).isEnabled();

        available.click();
        assertThat(available).hasAttribute("aria-checked", "true");
        assertThat(page.locator("#connection")).hasText("Live");
        page.waitForCondition(() -> sent.stream().anyMatch(f -> f.contains("\"type\":\"location\"")));
        // The position reached the platform: the courier is among those dispatch finds near the phone.
        await().atMost(WAIT).until(() -> redis.sortedSet(String.class)
                .zscore("dabba:couriers:available", courierId).isPresent());
        BROWSER.screenshot(page, "live");

        PlacedOrder order = readyToDispatch(lat, lon);
        Locator offer = page.locator(".offer[data-order-id='" + order.orderId() + "']");
        Offers.hold(redis, order.orderId(), courierId);
        assertThat(offer).isVisible();
        assertThat(offer).containsText("Curry Leaf");
        assertThat(offer).containsText("km from the restaurant");
        assertThat(offer.locator(".countdown")).hasText(Pattern.compile("Expires in \\d+:\\d\\d"));
        BROWSER.screenshot(page, "offer");

        offer.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Accept").setExact(true)).click();
        Locator delivery = page.locator("#delivery");
        assertThat(delivery).isVisible();
        assertThat(delivery).containsText("Curry Leaf");
        assertThat(delivery).containsText("2 × Paneer Tikka");
        assertThat(delivery).containsText("Less spicy");
        assertThat(delivery).containsText("1 Banjara Hills Rd");
        assertThat(delivery.locator("svg.map .place.restaurant")).hasCount(1);
        assertThat(delivery.locator("svg.map .place.dropoff")).hasCount(1);
        assertThat(delivery.locator("svg.map .place.courier")).hasCount(1);
        assertThat(offer).isHidden();
        assertThat(available).hasAttribute("aria-checked", "true");
        BROWSER.screenshot(page, "delivery");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Picked up")).click();
        Locator delivered = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delivered"));
        assertThat(delivered).isVisible();
        assertThat(page.getByLabel("Delivery code")).isHidden(); // codes are off here
        as(order.customerToken()).get("/orders/{id}/status", order.orderId()).then().statusCode(200)
                .body("status", equalTo("OUT_FOR_DELIVERY"));
        BROWSER.screenshot(page, "picked-up");

        delivered.click();
        assertThat(page.locator("#done")).containsText("Delivered");
        assertThat(delivery).isHidden();
        as(order.customerToken()).get("/orders/{id}/status", order.orderId()).then().statusCode(200)
                .body("status", equalTo("DELIVERED"));
        BROWSER.screenshot(page, "delivered");
    }

    @Test
    void aRiderReleasesADeliveryWithAReason() {
        double lat = 13.0827;
        double lon = 80.2707;
        Map<String, Object> account = Api.signupBody("COURIER");
        String courierId = Api.userId(Api.signup(account));
        Api.approveCourier(courierId);

        Page page = phoneAt(lat, lon);
        signIn(page, account);
        Locator available = availableSwitch(page);
        available.click();
        assertThat(page.locator("#connection")).hasText("Live");
        await().atMost(WAIT).until(() -> redis.sortedSet(String.class)
                .zscore("dabba:couriers:available", courierId).isPresent());

        PlacedOrder order = readyToDispatch(lat, lon);
        Offers.hold(redis, order.orderId(), courierId);
        Locator offer = page.locator(".offer[data-order-id='" + order.orderId() + "']");
        offer.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Accept").setExact(true)).click();
        assertThat(page.locator("#delivery")).isVisible();

        page.getByText("Cannot do this delivery?").click();
        Locator release = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Release delivery"));
        release.click();
        // No reason: the platform's answer is shown by the field it names.
        assertThat(page.locator("#release-form [data-error-for='reason']")).not().isEmpty();
        assertThat(page.getByLabel("Reason")).hasAttribute("aria-invalid", "true");
        BROWSER.screenshot(page, "release-without-reason");

        page.getByLabel("Reason").fill("Flat tyre");
        release.click();
        assertThat(page.locator("#done")).containsText("Released");
        assertThat(page.locator("#delivery")).isHidden();
        assertThat(available).hasAttribute("aria-checked", "true");
        String courier = Api.login((String) account.get("email"), (String) account.get("password"));
        as(courier).get("/couriers/me").then().statusCode(200).body("availability", equalTo("AVAILABLE"));
        as(courier).get("/couriers/me/delivery").then().statusCode(404);
        BROWSER.screenshot(page, "released");
    }

    @Test
    void anOfferThatRanOutSaysSo() {
        double lat = 22.5726;
        double lon = 88.3639;
        Map<String, Object> account = Api.signupBody("COURIER");
        String courierId = Api.userId(Api.signup(account));
        Api.approveCourier(courierId);

        Page page = phoneAt(lat, lon);
        signIn(page, account);
        availableSwitch(page).click();
        assertThat(page.locator("#connection")).hasText("Live");
        await().atMost(WAIT).until(() -> redis.sortedSet(String.class)
                .zscore("dabba:couriers:available", courierId).isPresent());

        PlacedOrder order = readyToDispatch(lat, lon);
        Locator offer = page.locator(".offer[data-order-id='" + order.orderId() + "']");
        assertThat(offer).isVisible();
        // The platform's window (short here) passes while the rider looks at it.
        await().atMost(WAIT).until(() -> {
            String expiry = redis.hash(String.class).hget(Offers.key(order.orderId()), courierId);
            return expiry != null && Long.parseLong(expiry) < System.currentTimeMillis();
        });
        offer.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Accept").setExact(true)).click();

        assertThat(offer).containsText("has expired");
        assertThat(offer.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Accept")
                .setExact(true))).isDisabled();
        assertThat(page.locator("#delivery")).isHidden();
        BROWSER.screenshot(page, "offer-expired");
    }

    /**
     * A phone at (lat, lon) whose clock stands still: an offer's countdown is the server's to end, and the test's
     * offer window is shorter than a busy machine may take to click.
     */
    private Page phoneAt(double lat, double lon) {
        Page page = BROWSER.phone();
        page.context().setGeolocation(new Geolocation(lat, lon));
        page.clock().setFixedTime(System.currentTimeMillis());
        return page;
    }

    private static Locator availableSwitch(Page page) {
        return page.getByRole(AriaRole.SWITCH, new Page.GetByRoleOptions().setName("Available"));
    }

    private static void signIn(Page page, Map<String, Object> account) {
        page.navigate("/courier/");
        Locator form = page.locator("form:visible");
        form.getByLabel("Email").fill((String) account.get("email"));
        form.getByLabel("Password").fill((String) account.get("password"));
        form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Sign in")).click();
        assertThat(availableSwitch(page)).isEnabled();
    }

    /**
     * A restaurant of its own at (lat, lon), so that no other test's courier is nearer, with a paid order that the
     * restaurant accepted: dispatch offers it to the couriers around.
     */
    private static PlacedOrder readyToDispatch(double lat, double lon) {
        String owner = Api.newUser("RESTAURANT_OWNER");
        Map<String, Object> body = Api.restaurantBody();
        body.put("name", "Curry Leaf");
        body.put("address", Map.of("street", "12 MG Road", "city", "Bengaluru", "zipCode", "560001",
                "latitude", lat, "longitude", lon));
        String restaurantId = as(owner).body(body).post("/restaurants").then().statusCode(201).extract().path("id");
        Api.approve(restaurantId);
        Api.switchStatus(owner, restaurantId, "ONLINE");
        String dish = Api.dish(owner, restaurantId, "Paneer Tikka", "250.00");
        PlacedOrder order = Orders.paid(owner, restaurantId, dish, lat + 0.01, lon);
        as(owner).post("/restaurants/{r}/orders/{o}/accept", restaurantId, order.orderId()).then().statusCode(200);
        return order;
    }
}
