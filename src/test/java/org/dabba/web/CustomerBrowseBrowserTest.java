package org.dabba.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Geolocation;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The customer's app on a phone: finding restaurants near a point (typed, the browser's location, a click on the
 * map), a search with a typo, the veg filter; the menu; adding dishes once signed in; the one-restaurant cart and
 * its replace prompt; the cart's lines; a dish out of stock.
 */
@QuarkusTest
@WithTestResource(LocalServers.class)
class CustomerBrowseBrowserTest {

    @RegisterExtension
    static final Browser BROWSER = new Browser();

    /** Each test's restaurants stand around a point of their own, far from every other test's. */
    static double[] spot() {
        return new double[] { -50 + Math.random() * 100, -170 + Math.random() * 340 };
    }

    record Place(String owner, String id, String name, String dish) {
    }

    /** An approved, ONLINE restaurant {@code km} north of {@code at} with one dish of {@code type}. */
    static Place restaurant(double[] at, double km, String name, String dish, String type) {
        String owner = Api.newUser("RESTAURANT_OWNER");
        Map<String, Object> body = Api.restaurantBody();
        body.put("name", name);
        body.put("address", Map.of("street", "1 Food St", "city", "Hyderabad", "zipCode", "500001",
                "latitude", at[0] + km / 111.2, "longitude", at[1]));
        String id = as(owner).body(body).post("/restaurants").then().statusCode(201).extract().path("id");
        addDish(owner, id, dish, "180.00", type);
        Api.approve(id);
        Api.switchStatus(owner, id, "ONLINE");
        return new Place(owner, id, name, dish);
    }

    static String addDish(String owner, String restaurantId, String name, String price, String type) {
        Map<String, Object> body = new HashMap<>(Map.of("name", name, "price", price, "category", "Mains",
                "type", type, "description", "Made fresh to order."));
        return as(owner).body(body).post("/restaurants/{r}/menu/items", restaurantId).then().statusCode(201)
                .extract().path("id");
    }

    static String dishId(Place place) {
        return RestAssured.given().get("/restaurants/{r}/menu", place.id()).then().statusCode(200)
                .extract().path("categories[0].items.find { it.name == '" + place.dish() + "' }.id");
    }

    /** Search reads an index fed by the restaurants' events: wait until it knows them. */
    static void indexed(double[] at, String... ids) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> RestAssured.given()
                .get("/search/restaurants?lat=" + at[0] + "&long=" + at[1]).then().statusCode(200)
                .body("results.restaurantId", hasItems(ids)));
    }

    static Locator card(Page page, Place place) {
        return page.locator("#results [data-restaurant-id='" + place.id() + "']");
    }

    static Page.GetByRoleOptions named(String name) {
        return new Page.GetByRoleOptions().setName(name).setExact(true);
    }

    @Test
    void findsRestaurantsByATypedPointByItsLocationAndTheMapWithATypoAndTheVegFilter() {
        double[] at = spot();
        String tag = UUID.randomUUID().toString().substring(0, 6);
        Place dosa = restaurant(at, 1, "Udupi Corner " + tag, "Masala Dosa", "VEG");
        Place kebab = restaurant(at, 2, "Kebab Point " + tag, "Chicken Kebab", "NON_VEG");
        indexed(at, dosa.id(), kebab.id());

        Page page = BROWSER.phone();
        page.navigate("/");
        assertThat(page.getByRole(AriaRole.HEADING, named("Find food near you"))).isVisible();
        assertThat(page.locator("#results-status")).hasText("Choose where to deliver to see the restaurants near you.");
        page.getByLabel("Latitude").fill(String.valueOf(at[0]));
        page.getByLabel("Longitude").fill(String.valueOf(at[1]));
        page.getByRole(AriaRole.BUTTON, named("Deliver here")).click();

        assertThat(card(page, dosa)).isVisible();
        assertThat(card(page, dosa)).containsText("1.0 km");
        assertThat(card(page, dosa)).containsText("Open now");
        assertThat(card(page, kebab)).isVisible();
        assertThat(page.locator("#results-status")).hasText("2 restaurants deliver here.");
        // the map shows the point and both restaurants
        assertThat(page.locator(".map [data-kind='restaurant']")).hasCount(2);
        assertThat(page.locator(".map [data-kind='you']")).hasCount(1);
        BROWSER.screenshot(page, "near-a-typed-point");

        // A typo still finds the kebabs, by the restaurant's name and its dish.
        page.getByLabel("Dish or restaurant").fill("kebaab");
        page.getByRole(AriaRole.BUTTON, named("Search")).click();
        assertThat(card(page, dosa)).isHidden();
        assertThat(card(page, kebab)).isVisible();
        assertThat(card(page, kebab)).containsText("Has Chicken Kebab");
        assertThat(page.locator("#results-status")).hasText("1 restaurant delivers here matching “kebaab”.");
        BROWSER.screenshot(page, "typo-search");

        // Veg only: the kebabs go, and with them any hit for "kebaab".
        page.getByLabel("Dish or restaurant").fill("");
        page.getByRole(AriaRole.BUTTON, named("Search")).click();
        assertThat(card(page, kebab)).isVisible();
        page.getByLabel("Veg only").check();
        assertThat(card(page, kebab)).isHidden();
        assertThat(card(page, dosa)).isVisible();
        page.getByLabel("Sort by").selectOption("distance");
        assertThat(card(page, dosa)).isVisible();
        BROWSER.screenshot(page, "veg-only");
        page.getByLabel("Veg only").uncheck();
        assertThat(card(page, kebab)).isVisible();

        // The browser's location, then a click on the map, choose the point too.
        page.context().setGeolocation(new Geolocation(at[0] + 0.001, at[1]));
        page.getByRole(AriaRole.BUTTON, named("Use my location")).click();
        assertThat(page.locator("#announcer")).containsText("Delivering to the point from your location");
        assertThat(card(page, dosa)).isVisible();
        page.locator("svg.map").click();
        assertThat(page.locator("#announcer")).containsText("Delivering to the point from the map");
        assertThat(card(page, dosa)).isVisible();

        card(page, dosa).getByRole(AriaRole.LINK).click();
        assertThat(page.getByRole(AriaRole.HEADING, named(dosa.name()))).isVisible();
        assertThat(page.getByRole(AriaRole.HEADING, named(dosa.name()))).isFocused();
        assertThat(page.getByRole(AriaRole.HEADING, named("Mains"))).isVisible();
        assertThat(page.locator("[data-item-id]")).containsText("Masala Dosa");
        assertThat(page.locator("[data-item-id]")).containsText("Veg");
        assertThat(page.locator("[data-item-id]")).containsText("180");
        BROWSER.screenshot(page, "menu");
    }

    @Test
    void addingSignsUpFirstThenADishOfAnotherRestaurantAsksBeforeStartingANewCart() {
        double[] at = spot();
        String tag = UUID.randomUUID().toString().substring(0, 6);
        Place dosa = restaurant(at, 1, "Udupi Corner " + tag, "Masala Dosa", "VEG");
        Place kebab = restaurant(at, 2, "Kebab Point " + tag, "Chicken Kebab", "NON_VEG");
        Map<String, Object> account = Api.signupBody("CUSTOMER");

        indexed(at, dosa.id(), kebab.id());

        Page page = BROWSER.phone();
        page.navigate("/");
        page.getByLabel("Latitude").fill(String.valueOf(at[0]));
        page.getByLabel("Longitude").fill(String.valueOf(at[1]));
        page.getByRole(AriaRole.BUTTON, named("Deliver here")).click();
        card(page, dosa).getByRole(AriaRole.LINK).click();
        assertThat(page.getByRole(AriaRole.HEADING, named(dosa.name()))).isVisible();
        assertThat(page.locator(".restaurant-head")).containsText("1.0 km from you");
        assertThat(page.locator("#cart-count")).hasText("0");
        page.getByRole(AriaRole.BUTTON, named("Add Masala Dosa")).click();

        // Not signed in: the account panel comes first, and the dish is added once the account exists.
        assertThat(page.getByRole(AriaRole.HEADING, named("Sign in to add Masala Dosa"))).isVisible();
        page.getByRole(AriaRole.BUTTON, named("Create an account")).click();
        Locator signUp = page.locator("form:visible");
        signUp.getByLabel("Your name").fill("Asha");
        signUp.getByLabel("Email").fill((String) account.get("email"));
        signUp.getByLabel("Password").fill((String) account.get("password"));
        BROWSER.screenshot(page, "sign-up");
        signUp.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Create account")).click();

        assertThat(page.locator("#cart-count")).hasText("1");
        assertThat(page.locator("#who")).hasText((String) account.get("email"));
        Locator dosaCard = page.locator("[data-item-id]").filter(new Locator.FilterOptions().setHasText("Masala Dosa"));
        assertThat(dosaCard).containsText("In your cart: 1");
        page.getByLabel("Quantity of Masala Dosa").fill("2");
        page.getByRole(AriaRole.BUTTON, named("Add Masala Dosa")).click();
        assertThat(page.locator("#cart-count")).hasText("3");
        assertThat(dosaCard).containsText("In your cart: 3");
        assertThat(page.locator("#menu-cart-bar")).containsText("3 items");
        BROWSER.screenshot(page, "added");

        // A dish of another restaurant: keep the cart, then think again and start a new one.
        page.navigate("/#/restaurants/" + kebab.id());
        assertThat(page.getByRole(AriaRole.HEADING, named(kebab.name()))).isVisible();
        page.getByRole(AriaRole.BUTTON, named("Add Chicken Kebab")).click();
        Locator dialog = page.getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName("Start a new cart?"));
        assertThat(dialog).isVisible();
        assertThat(dialog).containsText("Your cart has dishes from " + dosa.name());
        BROWSER.screenshot(page, "replace-prompt");
        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Keep my cart")).click();
        assertThat(dialog).isHidden();
        assertThat(page.locator("#cart-count")).hasText("3");
        String customer = Api.login((String) account.get("email"), (String) account.get("password"));
        as(customer).get("/carts/me").then().statusCode(200).body("restaurantId", equalTo(dosa.id()));

        page.getByRole(AriaRole.BUTTON, named("Add Chicken Kebab")).click();
        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Start a new cart")).click();
        assertThat(page.locator("#cart-count")).hasText("1");
        as(customer).get("/carts/me").then().statusCode(200).body("restaurantId", equalTo(kebab.id()))
                .body("items.name", equalTo(List.of("Chicken Kebab")));

        // The cart: change the quantity, see the totals, remove the dish.
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(Pattern.compile("^Cart"))).click();
        assertThat(page.getByRole(AriaRole.HEADING, named("Your cart"))).isVisible();
        assertThat(page.locator("#cart-lines")).containsText("Chicken Kebab");
        page.getByLabel("Quantity of Chicken Kebab").fill("3");
        page.getByRole(AriaRole.BUTTON, named("Update Chicken Kebab")).click();
        assertThat(page.locator("#cart-count")).hasText("3");
        assertThat(page.locator("[data-total='subtotal']")).containsText("540");
        // with the delivery point chosen, the API prices the whole order
        assertThat(page.locator("[data-total='deliveryFee']")).isVisible();
        assertThat(page.locator("[data-total='total']")).isVisible();
        assertThat(page.getByRole(AriaRole.LINK, named("Checkout"))).hasAttribute("href", "#/checkout");
        BROWSER.screenshot(page, "cart");
        page.getByRole(AriaRole.BUTTON, named("Remove Chicken Kebab")).click();
        assertThat(page.locator("#cart-empty")).hasText("Your cart is empty.");
        assertThat(page.locator("#cart-count")).hasText("0");
        as(customer).get("/carts/me").then().statusCode(404);
    }

    @Test
    void aDishThatRunsOutWhileTheMenuIsOpenSaysSoNextToIt() {
        double[] at = spot();
        String tag = UUID.randomUUID().toString().substring(0, 6);
        Place dosa = restaurant(at, 1, "Udupi Corner " + tag, "Masala Dosa", "VEG");
        String idli = addDish(dosa.owner(), dosa.id(), "Rava Idli", "90.00", "VEG");
        as(dosa.owner()).body(Map.of("isAvailable", false))
                .patch("/restaurants/{r}/menu/items/{i}/availability", dosa.id(), idli).then().statusCode(200);
        Map<String, Object> account = Api.signupBody("CUSTOMER");
        Api.signup(account);

        Page page = BROWSER.phone();
        page.navigate("/");
        page.getByRole(AriaRole.LINK, named("Sign in")).click();
        Locator signIn = page.locator("form:visible");
        signIn.getByLabel("Email").fill((String) account.get("email"));
        signIn.getByLabel("Password").fill((String) account.get("password"));
        signIn.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Sign in")).click();
        assertThat(page.locator("#who")).hasText((String) account.get("email"));
        assertThat(page.getByRole(AriaRole.BUTTON, named("Sign out"))).isVisible();

        page.navigate("/#/restaurants/" + dosa.id());
        // Already out of stock when the menu is read: marked, and cannot be added.
        Locator idliCard = page.locator("[data-item-id='" + idli + "']");
        assertThat(idliCard).containsText("Not available now");
        assertThat(page.getByRole(AriaRole.BUTTON, named("Add Rava Idli"))).isDisabled();

        // Running out while the menu is open: the cart's answer is shown by the dish.
        String dosaId = dishId(dosa);
        as(dosa.owner()).body(Map.of("isAvailable", false))
                .patch("/restaurants/{r}/menu/items/{i}/availability", dosa.id(), dosaId).then().statusCode(200);
        page.getByRole(AriaRole.BUTTON, named("Add Masala Dosa")).click();
        Locator dosaCard = page.locator("[data-item-id='" + dosaId + "']");
        assertThat(dosaCard.locator(".dish-problem")).containsText("Masala Dosa");
        assertThat(dosaCard.locator(".dish-problem")).hasText("Masala Dosa is out of stock");
        assertThat(dosaCard).containsText("Not available now");
        assertThat(page.getByRole(AriaRole.BUTTON, named("Add Masala Dosa"))).isDisabled();
        assertThat(page.locator("#cart-count")).hasText("0");
        BROWSER.screenshot(page, "out-of-stock");
    }
}
