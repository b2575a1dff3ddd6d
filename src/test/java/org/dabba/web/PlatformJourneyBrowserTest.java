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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.dabba.testing.Api;
import org.dabba.testing.Images;
import org.dabba.testing.LocalServers;
import org.dabba.testing.Offers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole platform in four browsers at once, each person on their own page and nothing done behind their backs
 * through the API: a restaurant owner signs up and registers, an admin approves the restaurant and a courier in the
 * console, the owner adds a dish with a photo and goes online; a customer finds the restaurant, orders and pays
 * with the sandbox's test card; the partner board rings and the owner accepts and prepares; the courier's page gets
 * the offer, accepts, picks up and delivers while the customer's page follows the courier on its map; the customer
 * rates the order.
 */
@QuarkusTest
@WithTestResource(LocalServers.class)
class PlatformJourneyBrowserTest {

    @RegisterExtension
    static final Browser BROWSER = new Browser();

    @Inject
    RedisDataSource redis;

    @Test
    void anOrderFromSignUpToRating() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String restaurantName = "Journey Dhaba " + suffix;
        // A corner of the map of its own, so this restaurant and this courier are the nearest ones.
        double lat = 12.90 + ThreadLocalRandom.current().nextDouble(0.05);
        double lon = 77.50 + ThreadLocalRandom.current().nextDouble(0.05);

        // The owner signs up and registers the restaurant.
        Map<String, Object> owner = Api.signupBody("RESTAURANT_OWNER");
        Page partner = BROWSER.desk();
        partner.navigate("/partner/");
        signUp(partner, owner, Map.of());
        Locator register = partner.locator("#register-form");
        register.getByLabel("Restaurant name").fill(restaurantName);
        register.getByLabel("About the restaurant").fill("Dal, rotis and a tandoor.");
        register.getByLabel("Street").fill("4 Lake Road");
        register.getByLabel("City").fill("Bengaluru");
        register.getByLabel("PIN code").fill("560001");
        register.getByLabel("Latitude").fill(String.valueOf(lat));
        register.getByLabel("Longitude").fill(String.valueOf(lon));
        register.getByLabel("Contact email").fill("kitchen-" + suffix + "@example.com");
        register.getByLabel("Contact phone").fill("+919876543210");
        register.getByLabel("Licence number").fill(Api.uniqueLicence());
        register.getByLabel("GST number").fill("29ABCDE1234F1Z5");
        BROWSER.screenshot(partner, "partner-register");
        button(partner, "Register restaurant").click();
        assertThat(partner.locator("#restaurant-status")).hasText("Waiting for verification");
        String ownerToken = Api.login((String) owner.get("email"), (String) owner.get("password"));
        String restaurantId = as(ownerToken).get("/restaurants/mine").then().statusCode(200)
                .extract().path("[0].id");

        // The courier signs up on the phone app and waits for approval.
        Map<String, Object> courier = Api.signupBody("COURIER");
        Page courierPage = BROWSER.phone();
        courierPage.context().setGeolocation(new Geolocation(lat + 0.002, lon + 0.002));
        // The platform, not the phone's clock, says when an offer runs out.
        courierPage.clock().setFixedTime(System.currentTimeMillis());
        courierPage.navigate("/courier/");
        courierPage.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create an account")).click();
        courierPage.locator("form:visible").getByLabel("Vehicle").selectOption("MOTORCYCLE");
        signUp(courierPage, courier, Map.of("Number plate", "KA01AB1234", "Driving licence number", "DL-" + suffix));
        assertThat(courierPage.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions()
                .setName("Waiting for approval"))).isVisible();
        String courierId = Api.userId(Api.login((String) courier.get("email"), (String) courier.get("password")));

        // An admin approves both in the console.
        Page admin = BROWSER.desk();
        admin.navigate("/admin/");
        admin.locator("form:visible").getByLabel("Email").fill("admin@dabba.local");
        admin.locator("form:visible").getByLabel("Password").fill("dabba-admin");
        button(admin, "Sign in").click();
        assertThat(admin.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Restaurants")
                .setExact(true))).isVisible();
        approveInConsole(admin, "restaurant", restaurantId, "Verified");
        BROWSER.screenshot(admin, "admin-restaurant-approved");
        approveInConsole(admin, "courier", courierId, "Approved");
        BROWSER.screenshot(admin, "admin-courier-approved");

        // The owner sees the verdict, adds a dish with its photo and goes online.
        assertThat(partner.locator("#restaurant-status")).hasText("Verified");
        partner.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Menu")).click();
        Locator dishForm = partner.locator("#dish-form");
        dishForm.getByLabel("Dish name").fill("Dal Makhani");
        dishForm.getByLabel("Price (₹)").fill("180.00");
        dishForm.getByLabel("Category", new Locator.GetByLabelOptions().setExact(true)).fill("Mains");
        dishForm.getByLabel("Veg or non-veg").selectOption("VEG");
        Path photo = Files.createTempFile("dal", ".png");
        Files.write(photo, Images.encode("png", 640, 480));
        dishForm.getByLabel("Dish photo", new Locator.GetByLabelOptions().setExact(true)).setInputFiles(photo);
        button(partner, "Add dish").click();
        Locator dish = partner.locator("[data-dish-id]").filter(new Locator.FilterOptions().setHasText("Dal Makhani"));
        assertThat(dish.getByRole(AriaRole.IMG, new Locator.GetByRoleOptions().setName("Dal Makhani")))
                .isVisible();
        BROWSER.screenshot(partner, "partner-menu");
        partner.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Orders")).click();
        Locator online = partner.locator("#online-switch");
        online.click();
        assertThat(online).hasAttribute("aria-checked", "true");
        assertThat(partner.locator("#connection")).hasText("Live");

        // The courier goes available: the page streams where the phone is.
        courierPage.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Check again")).click();
        Locator available = courierPage.getByRole(AriaRole.SWITCH, new Page.GetByRoleOptions().setName("Available"));
        available.click();
        assertThat(available).hasAttribute("aria-checked", "true");
        assertThat(courierPage.locator("#connection")).hasText("Live");
        await().atMost(Duration.ofSeconds(20)).until(() -> redis.sortedSet(String.class)
                .zscore("dabba:couriers:available", courierId).isPresent());
        BROWSER.screenshot(courierPage, "courier-available");

        // The customer finds the restaurant near where she is, fills the cart and pays.
        Map<String, Object> customer = Api.signupBody("CUSTOMER");
        Page shop = BROWSER.phone();
        shop.navigate("/");
        shop.getByLabel("Latitude").fill(String.valueOf(lat + 0.01));
        shop.getByLabel("Longitude").fill(String.valueOf(lon + 0.01));
        button(shop, "Deliver here").click();
        shop.getByLabel("Dish or restaurant").fill("Journey Dhaba " + suffix);
        button(shop, "Search").click();
        Locator result = shop.locator("#results [data-restaurant-id='" + restaurantId + "']");
        assertThat(result).isVisible();
        BROWSER.screenshot(shop, "customer-found");
        result.getByRole(AriaRole.LINK).first().click();
        button(shop, "Add Dal Makhani").click();
        assertThat(shop.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Sign in to add Dal Makhani")))
                .isVisible();
        signUp(shop, customer, Map.of());
        assertThat(shop.locator("#cart-count")).hasText("1");
        shop.navigate("/#/cart");
        shop.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Checkout")).click();
        shop.getByLabel("Street").fill("9 Church Street");
        shop.getByLabel("City").fill("Bengaluru");
        shop.getByLabel("ZIP code").fill("560001");
        shop.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName("Card")).check();
        BROWSER.screenshot(shop, "customer-checkout");
        button(shop, "Place order").click();
        shop.getByLabel("Card number").fill("4242 4242 4242 4242");
        shop.getByLabel("Expiry (MM/YY)").fill("12/34");
        shop.getByLabel("CVC").fill("123");
        button(shop, "Pay").click();
        assertThat(shop.locator(".status-now")).containsText("Paid");
        String orderId = shop.url().replaceAll(".*#/orders/", "");
        BROWSER.screenshot(shop, "customer-paid");

        // The partner board rings; the owner accepts, prepares and hands over.
        Locator card = partner.locator("#col-new [data-order-id='" + orderId + "']");
        assertThat(card).isVisible();
        assertThat(card).containsText("Dal Makhani");
        assertThat(partner.locator("#announcer")).containsText("New order #" + orderId.substring(0, 8).toUpperCase());
        BROWSER.screenshot(partner, "partner-new-order");
        card.getByLabel("Prep time (minutes)").fill("15");
        card.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Accept").setExact(true)).click();
        Offers.hold(redis, orderId, courierId);
        Locator accepted = partner.locator("#col-accepted [data-order-id='" + orderId + "']");
        assertThat(accepted).isVisible();
        assertThat(shop.locator(".status-now")).containsText("Accepted");

        // The courier takes the offer.
        Locator offer = courierPage.locator(".offer[data-order-id='" + orderId + "']");
        assertThat(offer).isVisible();
        BROWSER.screenshot(courierPage, "courier-offer");
        offer.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Accept").setExact(true)).click();
        assertThat(courierPage.locator("#delivery")).containsText(restaurantName);
        assertThat(courierPage.locator("#delivery")).containsText("Dal Makhani");

        accepted.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Start preparing")).click();
        Locator preparing = partner.locator("#col-preparing [data-order-id='" + orderId + "']");
        preparing.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Ready for pickup")).click();
        assertThat(partner.locator("#col-ready [data-order-id='" + orderId + "']")).isVisible();
        BROWSER.screenshot(partner, "partner-ready");

        // Picked up: the customer's page follows the courier on its map.
        button(courierPage, "Picked up").click();
        courierPage.context().setGeolocation(new Geolocation(lat + 0.006, lon + 0.006));
        assertThat(shop.locator(".status-now")).containsText("On the way");
        assertThat(shop.locator(".eta")).containsText(Pattern.compile("Arriving in about \\d+ minutes?"));
        BROWSER.screenshot(shop, "customer-following");
        button(courierPage, "Delivered").click();
        assertThat(courierPage.locator("#done")).containsText("Delivered");
        BROWSER.screenshot(courierPage, "courier-delivered");

        // Delivered: the customer rates it.
        assertThat(shop.locator(".status-now")).containsText("Delivered");
        shop.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName("5 stars")).check();
        shop.getByLabel("Comment (optional)").fill("Hot and on time.");
        button(shop, "Send rating").click();
        assertThat(shop.locator(".rated")).isVisible();
        BROWSER.screenshot(shop, "customer-rated");
        as(ownerToken).get("/orders/{id}", orderId).then().statusCode(200).body("status", equalTo("DELIVERED"));
    }

    /** Finds a restaurant or courier in the console by its id, approves it and sees it so. */
    private static void approveInConsole(Page admin, String kind, String id, String approved) {
        String title = kind.substring(0, 1).toUpperCase() + kind.substring(1);
        Locator section = admin.locator("#" + kind + "s");
        section.getByLabel(title + " id", new Locator.GetByLabelOptions().setExact(true)).first().fill(id);
        section.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Find " + kind)).click();
        Locator card = admin.locator("#" + kind + "-list [data-" + kind + "-id='" + id + "']");
        assertThat(card.locator("h3")).isFocused(); // the card found has taken the listed one's place
        card.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Approve")).click();
        assertThat(card.locator(".status")).hasText(approved);
    }

    /** "Create an account" on any page's panel, with the role's own extra fields. */
    private static void signUp(Page page, Map<String, Object> account, Map<String, String> extras) {
        Locator open = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create an account"));
        if (open.isVisible()) {
            open.click();
        }
        Locator form = page.locator("form:visible");
        form.getByLabel("Your name").fill((String) account.get("name"));
        form.getByLabel("Email").fill((String) account.get("email"));
        form.getByLabel("Password").fill((String) account.get("password"));
        extras.forEach((label, value) -> form.getByLabel(label).fill(value));
        form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Create account")).click();
    }

    private static Locator button(Page page, String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }
}
