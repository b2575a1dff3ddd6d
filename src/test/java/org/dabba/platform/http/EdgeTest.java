package org.dabba.platform.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.junit.jupiter.api.Test;

/** What the contract alone decides, before an operation's route runs. */
@QuarkusTest
@WithTestResource(LocalServers.class)
class EdgeTest {

    @Test
    void anUnknownEnumValueIsNamedBesideTheOtherBadFields() {
        given().contentType(ContentType.JSON)
                .body(Map.of("email", "not-an-address", "password", "short", "name", "Asha", "role", "KING"))
                .post("/auth/signup")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("/problems/validation"))
                .body("errors.field", hasItems("email", "password", "role"))
                .body("errors.find { it.field == 'role' }.message",
                        equalTo("must be one of CUSTOMER, RESTAURANT_OWNER, COURIER"));
    }

    @Test
    void everyBadQueryParameterIsNamedAtOnce() {
        Api.as(Api.adminToken()).queryParam("status", "SIDEWAYS").queryParam("size", "0").queryParam("page", "x")
                .get("/admin/restaurants")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("status", "size", "page"))
                .body("errors.find { it.field == 'size' }.message", equalTo("must be a whole number from 1 to 100"));
    }

    @Test
    void theContractsRolesAreCheckedBeforeTheBody() {
        Api.as(Api.newUser("CUSTOMER")).contentType(ContentType.JSON).body("{").post("/restaurants")
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("/problems/forbidden"));
        given().contentType(ContentType.JSON).body("{}").post("/restaurants")
                .then().statusCode(401).contentType("application/problem+json");
        Api.as(Api.newUser("RESTAURANT_OWNER")).contentType(ContentType.JSON).body("{").post("/restaurants")
                .then().statusCode(400).body("type", equalTo("/problems/malformed-json"));
    }

    @Test
    void aPathOrMethodOutsideTheContractIsAProblem() {
        Api.as(Api.adminToken()).get("/admin/nothing-here")
                .then().statusCode(404).contentType("application/problem+json").body("type", equalTo("/problems/not-found"));
        Api.as(Api.adminToken()).put("/admin/restaurants")
                .then().statusCode(405).contentType("application/problem+json")
                .body("type", equalTo("/problems/method-not-allowed"));
    }

    @Test
    void whatIsSentToAPathOutsideTheContractIsNeverEchoedBack() {
        String json = Api.as(Api.adminToken()).body(Map.of("secret", "s3cret-value")).post("/admin/nothing-here")
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("/problems/not-found")).extract().asString();
        assertFalse(json.contains("s3cret-value"), json);
        String form = Api.as(Api.adminToken()).contentType(ContentType.URLENC).formParam("secret", "s3cret-value")
                .post("/admin/nothing-here")
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("/problems/not-found")).extract().asString();
        assertFalse(form.contains("s3cret-value"), form);
    }
}
