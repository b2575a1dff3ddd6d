package org.dabba.payment.sandbox;

import static io.restassured.RestAssured.given;
import static org.dabba.payment.sandbox.SandboxTest.BASE;
import static org.dabba.payment.sandbox.SandboxTest.stripe;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;
import org.dabba.testing.LocalServers;
import org.junit.jupiter.api.Test;

/**
 * The sandbox's publishable key, as a browser holds it: it reads and confirms the one PaymentIntent whose
 * client_secret it brings, with typed test card numbers, and can do nothing else.
 */
@QuarkusTest
@WithTestResource(LocalServers.class)
class SandboxPublishableKeyTest {

    static final String PUBLISHABLE = "pk_test_dabba_sandbox";

    static RequestSpecification browser() {
        return given().header("Authorization", "Bearer " + PUBLISHABLE);
    }

    /** A new card intent made with the secret key, as the server makes it: its id and client_secret. */
    static JsonPath intent() {
        return stripe().formParam("amount", 35050).formParam("currency", "inr")
                .formParam("metadata[orderId]", UUID.randomUUID().toString())
                .formParam("payment_method_types[]", "card")
                .post(BASE + "/payment_intents").then().statusCode(200).extract().jsonPath();
    }

    static Response pay(JsonPath intent, String number, String month, String year, String cvc) {
        return browser().formParam("client_secret", intent.getString("client_secret"))
                .formParam("payment_method_data[type]", "card")
                .formParam("payment_method_data[card][number]", number)
                .formParam("payment_method_data[card][exp_month]", month)
                .formParam("payment_method_data[card][exp_year]", year)
                .formParam("payment_method_data[card][cvc]", cvc)
                .post(BASE + "/payment_intents/{id}/confirm", intent.getString("id"));
    }

    @Test
    void thePagesAreToldToPayAgainstTheSandboxWithItsPublishableKey() {
        given().get("/pages/settings").then().statusCode(200)
                .body("payments.gateway", equalTo("sandbox"))
                .body("payments.publishableKey", equalTo(PUBLISHABLE))
                .body("payments.apiBase", equalTo("/sandbox/stripe"));
    }

    @Test
    void theClientSecretOpensItsOwnIntentOnly() {
        JsonPath mine = intent();
        JsonPath other = intent();
        browser().queryParam("client_secret", mine.getString("client_secret"))
                .get(BASE + "/payment_intents/{id}", mine.getString("id")).then().statusCode(200)
                .body("id", equalTo(mine.getString("id")))
                .body("status", equalTo("requires_payment_method"))
                .body("metadata", nullValue());
        browser().get(BASE + "/payment_intents/{id}", mine.getString("id")).then().statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.param", equalTo("client_secret"));
        browser().queryParam("client_secret", other.getString("client_secret"))
                .get(BASE + "/payment_intents/{id}", mine.getString("id")).then().statusCode(400)
                .body("error.param", equalTo("client_secret"));
        // Another intent's secret confirms nothing.
        browser().formParam("client_secret", other.getString("client_secret"))
                .formParam("payment_method", "pm_card_visa")
                .post(BASE + "/payment_intents/{id}/confirm", mine.getString("id")).then().statusCode(400)
                .body("error.param", equalTo("client_secret"));
        stripe().get(BASE + "/payment_intents/{id}", mine.getString("id")).then().statusCode(200)
                .body("status", equalTo("requires_payment_method"));
    }

    @Test
    void thePublishableKeyCannotCreateCancelOrRefund() {
        JsonPath intent = intent();
        browser().formParam("amount", 100).formParam("currency", "inr").post(BASE + "/payment_intents").then()
                .statusCode(401)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.code", equalTo("secret_key_required"));
        browser().formParam("client_secret", intent.getString("client_secret"))
                .post(BASE + "/payment_intents/{id}/cancel", intent.getString("id")).then().statusCode(401)
                .body("error.code", equalTo("secret_key_required"));
        pay(intent, "4242424242424242", "12", "34", "123").then().statusCode(200);
        browser().formParam("payment_intent", intent.getString("id")).post(BASE + "/refunds").then()
                .statusCode(401)
                .body("error.code", equalTo("secret_key_required"));
        given().header("Authorization", "Bearer pk_test_somebody_else").get(BASE + "/payment_intents/{id}",
                intent.getString("id")).then().statusCode(401);
    }

    @Test
    void stripesTestCardNumbersBehaveAsDocumented() {
        JsonPath visa = intent();
        pay(visa, "4242 4242 4242 4242", "12", "2034", "123").then().statusCode(200)
                .body("status", equalTo("succeeded"))
                .body("amount_received", equalTo(35050));
        JsonPath mastercard = intent();
        pay(mastercard, "5555555555554444", "01", "40", "1234").then().statusCode(200)
                .body("status", equalTo("succeeded"));

        JsonPath declined = intent();
        pay(declined, "4000000000000002", "12", "34", "123").then().statusCode(402)
                .body("error.type", equalTo("card_error"))
                .body("error.code", equalTo("card_declined"))
                .body("error.decline_code", equalTo("generic_decline"))
                .body("error.message", equalTo("Your card was declined."))
                .body("error.payment_method.card.last4", equalTo("0002"));
        JsonPath poor = intent();
        pay(poor, "4000000000009995", "12", "34", "123").then().statusCode(402)
                .body("error.decline_code", equalTo("insufficient_funds"))
                .body("error.message", equalTo("Your card has insufficient funds."));
        // A declined intent can be paid again with another card, as at Stripe.
        pay(declined, "4242424242424242", "12", "34", "123").then().statusCode(200)
                .body("status", equalTo("succeeded"));
        // A valid number that is no test card is a live card in test mode.
        pay(intent(), "4111111111111111", "12", "34", "123").then().statusCode(402)
                .body("error.decline_code", equalTo("live_mode_test_card"));
    }

    @Test
    void wrongCardDetailsAreStripesCardErrorsNamingTheField() {
        JsonPath intent = intent();
        pay(intent, "4242424242424241", "12", "34", "123").then().statusCode(402)
                .body("error.type", equalTo("card_error"))
                .body("error.code", equalTo("incorrect_number"))
                .body("error.param", equalTo("payment_method_data[card][number]"))
                .body("error.message", equalTo("Your card number is incorrect."));
        pay(intent, "4242", "12", "34", "123").then().statusCode(402)
                .body("error.code", equalTo("incorrect_number"));
        pay(intent, "4242424242424242", "13", "34", "123").then().statusCode(402)
                .body("error.code", equalTo("invalid_expiry_month"))
                .body("error.param", equalTo("payment_method_data[card][exp_month]"));
        pay(intent, "4242424242424242", "12", "2001", "123").then().statusCode(402)
                .body("error.code", equalTo("invalid_expiry_year"));
        pay(intent, "4242424242424242", "12", "34", "12a").then().statusCode(402)
                .body("error.code", equalTo("invalid_cvc"))
                .body("error.param", equalTo("payment_method_data[card][cvc]"));
        // None of these touched the intent.
        stripe().get(BASE + "/payment_intents/{id}", intent.getString("id")).then().statusCode(200)
                .body("status", equalTo("requires_payment_method"))
                .body("last_payment_error", nullValue());
    }
}
