package org.dabba.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dabba.delivery.Couriers;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.dabba.testing.Orders;
import org.dabba.testing.Orders.PlacedOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The customer's checkout and order pages on a phone: the cart checked out with a promo code and paid with the
 * sandbox's test card, then the order followed live from paid to delivered (the courier on the map with an ETA) and
 * rated; a declined card, a dish gone out of stock, an order the restaurant rejects, and cancelling in time.
 */
@QuarkusTest
@WithTestResource(LocalServers.class)
class CustomerOrderBrowserTest {

    /** The restaurants of Api.restaurantBody are here; customers order a little north of it. */
    static final double LAT = 17.3850;
    static final double LONG = 78.4867;
    static final double HOME_LAT = 17.3950;

    static final Pattern ORDER_URL = Pattern.compile(".*#/orders/([0-9a-f-]{36})$");

    @RegisterExtension
    static final Browser BROWSER = new Browser();

    record Shop(String owner, String restaurantId, String dishId) {
    }

    record Customer(Map<String, Object> account, String token) {
    }

    static Shop shop(String dish, String price) {
        String[] r = Api.onlineRestaurant();
        return new Shop(r[0], r[1], Api.dish(r[0], r[1], dish, price));
    }

    static Customer customer() {
        Map<String, Object> account = Api.signupBody("CUSTOMER");
        return new Customer(account, Api.signup(account));
    }

    static void inCart(Customer c, Shop s, int quantity) {
        as(c.token()).body(Map.of("restaurantId", s.restaurantId(), "itemId", s.dishId(), "quantity", quantity))
                .put("/carts/items").then().statusCode(201);
    }

    static String promotion() {
        String code = "WEB" + UUID.randomUUID().toString().replace("-", "").substring(0, 8).toUpperCase();
        Map<String, Object> body = new HashMap<>(Map.of("code", code, "type", "FLAT", "value", "30"));
        as(Api.adminToken()).body(body).post("/admin/promotions").then().statusCode(201);
        return code;
    }

    /** Opens the app on a phone with the delivery point chosen (as the find page keeps it) at {@code hash}. */
    static Page open(String hash) {
        Page page = BROWSER.phone();
        page.navigate("/");
        page.evaluate("place => sessionStorage.setItem('dabba.customer.place', JSON.stringify(place))",
                Map.of("lat", HOME_LAT, "lng", LONG));
        page.navigate("/" + hash);
        return page;
    }

    static void signIn(Page page, Customer c) {
        Locator form = page.locator("form:visible");
        form.getByLabel("Email").fill((String) c.account().get("email"));
        form.getByLabel("Password").fill((String) c.account().get("password"));
        form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Sign in")).click();
    }

    static Locator button(Page page, String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    /** Checks the cart out on the page: address given, card chosen, order placed; the card form shows. */
    static void placeOrder(Page page) {
        page.getByLabel("Street").fill("1 Banjara Hills Rd");
        page.getByLabel("City").fill("Hyderabad");
        page.getByLabel("ZIP code").fill("500034");
        assertThat(page.getByLabel("Card")).isChecked();
        button(page, "Place order").click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Pay by card"))).isVisible();
    }

    static void payWith(Page page, String number) {
        page.getByLabel("Card number").fill(number);
        page.getByLabel("Expiry (MM/YY)").fill("12/34");
        page.getByLabel("CVC").fill("123");
        button(page, "Pay").click();
    }

    static String orderIdOf(Page page) {
        assertThat(page).hasURL(ORDER_URL);
        Matcher m = ORDER_URL.matcher(page.url());
        if (!m.matches()) {
            throw new AssertionError(page.url());
        }
        return m.group(1);
    }

    @Test
    void checkedOutWithAPromoCodePaidByCardFollowedToTheDoorAndRated() {
        Shop shop = shop("Masala Dosa", "120.00");
        Customer me = customer();
        inCart(me, shop, 2);
        String code = promotion();

        Page page = open("#/cart");
        signIn(page, me);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Checkout").setExact(true)).click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Checkout"))).isVisible();
        assertThat(page.locator("#summary")).containsText("2 × Masala Dosa");
        assertThat(page.locator("#summary .total")).isVisible();
        assertThat(page.getByLabel("Latitude")).hasValue(String.valueOf(HOME_LAT));
        assertThat(page.getByLabel("Longitude")).hasValue(String.valueOf(LONG));
        page.getByLabel("Promo code").fill(code.toLowerCase());
        button(page, "Apply code").click();
        assertThat(page.locator("#summary .discount")).containsText("Discount (" + code + ")");
        BROWSER.screenshot(page, "summary");

        placeOrder(page);
        BROWSER.screenshot(page, "card-form");
        payWith(page, "4242 4242 4242 4242");

        String orderId = orderIdOf(page);
        Locator now = page.locator(".status-now");
        assertThat(now).hasText("Paid, waiting for the restaurant to accept");
        assertThat(page.locator(".timeline [aria-current=step]")).containsText("Paid");
        assertThat(page.locator("#cart-count")).hasText("0");
        as(me.token()).get("/orders/{id}", orderId).then().statusCode(200).body("promoCode", equalTo(code));
        BROWSER.screenshot(page, "paid");

        as(shop.owner()).post("/restaurants/{r}/orders/{o}/accept", shop.restaurantId(), orderId).then()
                .statusCode(200);
        assertThat(now).hasText("Accepted by the restaurant");
        assertThat(page.locator(".timeline [aria-current=step]")).containsText("Accepted");

        String courier = Couriers.available(LAT, LONG);
        as(Api.adminToken()).body(Map.of("courierId", Couriers.id(courier)))
                .post("/admin/deliveries/{o}/assign", orderId).then().statusCode(200);
        as(courier).post("/deliveries/{o}/pickup", orderId).then().statusCode(200);
        assertThat(now).hasText("On the way to you");
        Couriers.at(courier, Couriers.north(LAT, 0.5), LONG);
        assertThat(page.locator(".eta")).hasText(Pattern.compile("Arriving in about \\d+ minutes?"));
        assertThat(page.locator(".map-box svg")).hasAttribute("aria-label", Pattern.compile("Courier"));
        BROWSER.screenshot(page, "courier-on-the-map");

        as(courier).post("/deliveries/{o}/deliver", orderId).then().statusCode(200);
        assertThat(now).hasText("Delivered");
        assertThat(page.locator(".timeline [aria-current=step]")).containsText("Delivered");
        assertThat(page.locator(".eta")).isHidden();
        page.getByLabel("5 stars", new Page.GetByLabelOptions().setExact(true)).check();
        page.getByLabel("Comment (optional)").fill("Crisp and hot");
        button(page, "Send rating").click();
        assertThat(page.locator(".rated")).containsText("You rated this order 5 stars");
        as(me.token()).get("/orders/{id}/rating", orderId).then().statusCode(200).body("stars", equalTo(5));
        BROWSER.screenshot(page, "rated");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Orders")).click();
        assertThat(page.locator("[data-order-id='" + orderId + "']")).containsText("Delivered");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Notifications")).click();
        assertThat(page.locator(".notifications .notification").first()).isVisible();
        BROWSER.screenshot(page, "notifications");
    }

    @Test
    void aDeclinedCardIsExplainedNextToTheCardNumber() {
        Shop shop = shop("Idli", "60.00");
        Customer me = customer();
        inCart(me, shop, 1);

        Page page = open("#/checkout");
        signIn(page, me);
        placeOrder(page);
        payWith(page, "4000000000000002");

        assertThat(page.locator("#card-form [data-error-for='number']")).hasText("Your card was declined.");
        assertThat(page.getByLabel("Card number")).hasAttribute("aria-invalid", "true");
        BROWSER.screenshot(page, "declined");
        // The order's payment failed and the cart is free again: checkout starts over.
        button(page, "Try again with another card").click();
        assertThat(button(page, "Place order")).isVisible();
        placeOrder(page);
        payWith(page, "4242424242424242");
        assertThat(page.locator(".status-now")).hasText("Paid, waiting for the restaurant to accept");
        as(me.token()).get("/orders").then().statusCode(200)
                .body("items.status", org.hamcrest.Matchers.containsInAnyOrder("PENDING_RESTAURANT_ACCEPTANCE",
                        "PAYMENT_FAILED"));
    }

    @Test
    void aDishOutOfStockAtCheckoutIsShownAndStopsTheOrder() {
        Shop shop = shop("Paneer Tikka", "250.00");
        Customer me = customer();
        inCart(me, shop, 1);
        as(shop.owner()).body(Map.of("isAvailable", false))
                .patch("/restaurants/{r}/menu/items/{i}/availability", shop.restaurantId(), shop.dishId())
                .then().statusCode(200);

        Page page = open("#/checkout");
        signIn(page, me);
        Locator problem = page.locator("#summary-problem");
        assertThat(problem).containsText("Paneer Tikka is not available any more");
        assertThat(button(page, "Place order")).isDisabled();
        assertThat(problem.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Back to the cart")))
                .isVisible();
        BROWSER.screenshot(page, "out-of-stock");
    }

    @Test
    void anOrderTheRestaurantRejectsShowsItsReason() {
        Shop shop = shop("Veg Biryani", "180.00");
        Customer me = customer();
        PlacedOrder order = Orders.placedBy(me.token(), shop.owner(), shop.restaurantId(), shop.dishId(), HOME_LAT,
                LONG);
        Orders.pay(order.paymentIntentId());
        Orders.awaitStatus(me.token(), order.orderId(), "PENDING_RESTAURANT_ACCEPTANCE");

        Page page = open("#/orders/" + order.orderId());
        signIn(page, me);
        assertThat(page.locator(".status-now")).hasText("Paid, waiting for the restaurant to accept");
        as(shop.owner()).body(Map.of("reason", "Out of basmati rice"))
                .post("/restaurants/{r}/orders/{o}/reject", shop.restaurantId(), order.orderId()).then()
                .statusCode(200);
        assertThat(page.locator(".status-now")).hasText("Rejected by the restaurant");
        assertThat(page.locator(".status-reason")).hasText("Reason: Out of basmati rice");
        assertThat(button(page, "Cancel order")).isHidden();
        BROWSER.screenshot(page, "rejected");
    }

    @Test
    void anOrderIsCancelledWithAReasonWhileTheRestaurantHasNotAcceptedIt() {
        Shop shop = shop("Samosa", "40.00");
        Customer me = customer();
        PlacedOrder order = Orders.placedBy(me.token(), shop.owner(), shop.restaurantId(), shop.dishId(), HOME_LAT,
                LONG);
        Orders.pay(order.paymentIntentId());
        Orders.awaitStatus(me.token(), order.orderId(), "PENDING_RESTAURANT_ACCEPTANCE");

        Page page = open("#/orders/" + order.orderId());
        signIn(page, me);
        button(page, "Cancel order").click();
        button(page, "Confirm cancellation").click();
        assertThat(page.locator("#cancel-form [data-error-for='reason']")).isVisible();
        page.getByLabel("Reason for cancelling").fill("Ordered by mistake");
        button(page, "Confirm cancellation").click();
        assertThat(page.locator(".status-now")).hasText("Cancelled");
        assertThat(page.locator(".status-reason")).hasText("Reason: Ordered by mistake");
        assertThat(button(page, "Cancel order")).isHidden();
        as(me.token()).get("/orders/{id}/status", order.orderId()).then().statusCode(200)
                .body("status", equalTo("CANCELLED"));
        BROWSER.screenshot(page, "cancelled");
    }
}
