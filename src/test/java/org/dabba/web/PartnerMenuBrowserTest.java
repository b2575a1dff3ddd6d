package org.dabba.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FilePayload;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.dabba.testing.Api;
import org.dabba.testing.Images;
import org.dabba.testing.LocalServers;
import org.dabba.testing.Orders;
import org.dabba.testing.Orders.PlacedOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The partner dashboard in a real browser: a new owner signs up, registers her restaurant, sees it verified,
 * builds the menu (a category, a dish with a photo), switches a dish out of stock and back, goes ONLINE and reads
 * the day's numbers after an order. And what the page says when the API refuses a field.
 */
@QuarkusTest
@WithTestResource(LocalServers.class)
class PartnerMenuBrowserTest {

    @RegisterExtension
    static final Browser BROWSER = new Browser();

    @Test
    void aNewOwnerRegistersBuildsTheMenuGoesOnlineAndReadsHerNumbers() {
        String email = "owner-" + UUID.randomUUID() + "@example.com";
        Page page = BROWSER.desk();
        page.navigate("/partner/");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create an account")).click();
        Locator signUp = page.locator("form:visible");
        signUp.getByLabel("Your name").fill("Asha Rao");
        signUp.getByLabel("Email").fill(email);
        signUp.getByLabel("Password").fill("correct-horse");
        BROWSER.screenshot(page, "sign-up");
        signUp.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Create account")).click();

        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Register your restaurant")))
                .isVisible();
        page.getByLabel("Restaurant name").fill("Asha's Kitchen");
        page.getByLabel("About the restaurant").fill("Home-style Andhra meals.");
        page.getByLabel("Street").fill("12 Road No. 1, Banjara Hills");
        page.getByLabel("City").fill("Hyderabad");
        page.getByLabel("PIN code").fill("500034");
        page.getByLabel("Latitude").fill("17.3850");
        page.getByLabel("Longitude").fill("78.4867");
        page.getByLabel("Contact email").fill("hello@ashas.example.com");
        page.getByLabel("Contact phone").fill("+919876543210");
        page.getByLabel("Licence number").fill(Api.uniqueLicence());
        page.getByLabel("GST number").fill("36ABCDE1234F1Z5");
        page.getByLabel("Logo (optional)").setInputFiles(new FilePayload("logo.png", "image/png",
                Images.encode("png", 128, 128)));
        assertThat(page.getByRole(AriaRole.IMG, new Page.GetByRoleOptions().setName("Logo preview"))).isVisible();
        BROWSER.screenshot(page, "register");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Register restaurant")).click();

        Locator status = page.locator("#restaurant-status");
        assertThat(status).hasText("Waiting for verification");
        assertThat(page.locator("#online-switch")).isDisabled();
        BROWSER.screenshot(page, "waiting-for-verification");

        String owner = Api.login(email, "correct-horse");
        String restaurantId = as(owner).get("/restaurants/mine").then().statusCode(200).extract().path("[0].id");
        Api.approve(restaurantId);
        assertThat(status).hasText("Verified");
        assertThat(page.locator("#connection")).hasText("Live");

        // The menu: a category, then a dish in it with a photo from the file chooser.
        page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Menu")).click();
        assertThat(page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Menu")))
                .hasAttribute("aria-selected", "true");
        page.getByLabel("New category").fill("Starters");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add category")).click();
        assertThat(page.locator("#category-list")).containsText("Starters");
        assertThat(page.getByLabel("Category", new Page.GetByLabelOptions().setExact(true))).hasValue("Starters");

        page.getByLabel("Dish name").fill("Paneer Tikka");
        page.getByLabel("Dish description").fill("Cottage cheese from the tandoor.");
        page.getByLabel("Price (₹)").fill("250.00");
        page.getByLabel("Veg or non-veg").selectOption("VEG");
        page.getByLabel("Dish photo").setInputFiles(new FilePayload("paneer.jpg", "image/jpeg",
                Images.encode("jpg", 640, 480)));
        assertThat(page.getByRole(AriaRole.IMG, new Page.GetByRoleOptions().setName("Dish photo preview")))
                .isVisible();
        BROWSER.screenshot(page, "dish-with-photo");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add dish")).click();

        Locator dish = page.locator("[data-dish-id]", new Page.LocatorOptions().setHasText("Paneer Tikka"));
        assertThat(dish).isVisible();
        assertThat(dish).containsText("250.00");
        assertThat(page.locator("[data-category='Starters']")).containsText("Paneer Tikka");
        String dishId = dish.getAttribute("data-dish-id");
        // The stored photo is served by this app, on the port it really listens on, and loads.
        Locator photo = dish.getByRole(AriaRole.IMG, new Locator.GetByRoleOptions().setName("Paneer Tikka"));
        assertThat(photo).isVisible();
        String src = photo.getAttribute("src");
        assertTrue(src.startsWith(Browser.baseUrl() + "/media/"), src);
        page.waitForCondition(() -> Boolean.TRUE.equals(photo.evaluate("img => img.complete && img.naturalWidth > 0")));
        BROWSER.screenshot(page, "menu");

        // Out of stock at once, and back.
        Locator available = page.getByRole(AriaRole.SWITCH, new Page.GetByRoleOptions()
                .setName("Paneer Tikka available"));
        assertThat(available).hasAttribute("aria-checked", "true");
        available.click();
        assertThat(available).hasAttribute("aria-checked", "false");
        assertThat(available).hasText("Sold out");
        as(owner).get("/restaurants/{r}/menu/items/{i}", restaurantId, dishId).then().statusCode(200)
                .body("isAvailable", equalTo(false));
        available.click();
        assertThat(available).hasAttribute("aria-checked", "true");

        // A new photo dropped on the dish form replaces the old one.
        String before = photo.getAttribute("src");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Edit Paneer Tikka")).click();
        Locator zone = page.locator("#dish-form [data-drop-zone='imageUrl']");
        page.evaluate("""
                async () => {
                    const canvas = document.createElement('canvas');
                    canvas.width = 96;
                    canvas.height = 96;
                    const g = canvas.getContext('2d');
                    g.fillStyle = '#166534';
                    g.fillRect(0, 0, 96, 96);
                    const blob = await new Promise(resolve => canvas.toBlob(resolve, 'image/png'));
                    const dropped = new DataTransfer();
                    dropped.items.add(new File([blob], 'dropped.png', { type: 'image/png' }));
                    document.querySelector("#dish-form [data-drop-zone='imageUrl']").dispatchEvent(
                        new DragEvent('drop', { dataTransfer: dropped, bubbles: true, cancelable: true }));
                }""");
        assertThat(zone).hasAttribute("data-chosen", "dropped.png");
        assertThat(zone.getByRole(AriaRole.IMG)).hasAttribute("src", Pattern.compile("^data:image/png;base64,.+"));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save dish")).click();
        assertThat(photo).not().hasAttribute("src", before);
        page.waitForCondition(() -> Boolean.TRUE.equals(photo.evaluate("img => img.complete && img.naturalWidth > 0")));

        // ONLINE, then an order comes in on the board and counts in the day's numbers.
        Locator online = page.locator("#online-switch");
        online.click();
        assertThat(online).hasAttribute("aria-checked", "true");
        assertThat(online).hasText("ONLINE");
        as(owner).get("/restaurants/{id}", restaurantId).then().statusCode(200)
                .body("operationalStatus", equalTo("ONLINE"));

        PlacedOrder order = Orders.paid(owner, restaurantId, dishId);
        page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Orders")).click();
        assertThat(page.locator("#col-new [data-order-id='" + order.orderId() + "']")).isVisible();

        // The tabs answer the keyboard: End goes to the last one.
        page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Orders")).press("End");
        Locator numbersTab = page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Numbers"));
        assertThat(numbersTab).isFocused();
        assertThat(numbersTab).hasAttribute("aria-selected", "true");
        assertThat(page.locator("#numbers-orders")).hasText("1");
        assertThat(page.locator("#numbers-revenue")).containsText("₹");
        assertThat(page.locator("#numbers-rating")).hasText("—");
        BROWSER.screenshot(page, "numbers");

        page.keyboard().press("ArrowLeft");
        assertThat(page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Profile")))
                .hasAttribute("aria-selected", "true");
        assertThat(page.getByLabel("City")).hasValue("Hyderabad");
        BROWSER.screenshot(page, "profile");
    }

    @Test
    void refusedFieldsAreExplainedNextToThem() {
        Map<String, Object> account = Api.signupBody("RESTAURANT_OWNER");
        String owner = Api.signup(account);
        Page page = BROWSER.desk();
        page.navigate("/partner/");
        Locator signIn = page.locator("form:visible");
        signIn.getByLabel("Email").fill((String) account.get("email"));
        signIn.getByLabel("Password").fill((String) account.get("password"));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();

        // Registering without a licence number: the API names the field.
        page.getByLabel("Restaurant name").fill("No Licence Dhaba");
        page.getByLabel("Street").fill("1 MG Road");
        page.getByLabel("City").fill("Hyderabad");
        page.getByLabel("PIN code").fill("500001");
        page.getByLabel("Latitude").fill("17.385");
        page.getByLabel("Longitude").fill("78.4867");
        page.getByLabel("Contact email").fill("dhaba@example.com");
        page.getByLabel("Contact phone").fill("+919876543210");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Register restaurant")).click();
        Locator register = page.locator("#register-form");
        assertThat(register.locator("[data-error-for='licenseNumber']")).not().isEmpty();
        assertThat(page.getByLabel("Licence number")).hasAttribute("aria-invalid", "true");
        BROWSER.screenshot(page, "register-refused");
        assertTrue(as(owner).get("/restaurants/mine").then().statusCode(200).extract().jsonPath()
                .getList("$").isEmpty());

        // A price of nothing: the API refuses it, next to the price.
        page.getByLabel("Licence number").fill(Api.uniqueLicence());
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Register restaurant")).click();
        assertThat(page.locator("#restaurant-status")).hasText("Waiting for verification");
        page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Menu")).click();
        page.getByLabel("Dish name").fill("Free Lunch");
        page.getByLabel("Price (₹)").fill("0");
        page.getByLabel("Category", new Page.GetByLabelOptions().setExact(true)).fill("Mains");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add dish")).click();
        Locator dishForm = page.locator("#dish-form");
        assertThat(dishForm.locator("[data-error-for='price']")).not().isEmpty();
        assertThat(page.getByLabel("Price (₹)")).hasAttribute("aria-invalid", "true");
        assertThat(page.getByLabel("Price (₹)")).isFocused();
        assertThat(page.locator("[data-dish-id]")).hasCount(0);
        BROWSER.screenshot(page, "price-refused");
    }
}
