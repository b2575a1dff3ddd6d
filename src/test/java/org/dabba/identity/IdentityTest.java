package org.dabba.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(LocalServers.class)
class IdentityTest {

    private static Map<String, Object> signup(String email, String password, String role) {
        Map<String, Object> body = new HashMap<>();
        body.put("email", email);
        body.put("password", password);
        body.put("name", "Ravi");
        body.put("role", role);
        return body;
    }

    private static String freshEmail() {
        return "user-" + UUID.randomUUID() + "@example.com";
    }

    @Test
    void signupThenLoginGivesABearerTokenThatOpensProtectedEndpoints() {
        String email = freshEmail();
        given().contentType(ContentType.JSON).body(signup(email, "correct-horse", "CUSTOMER"))
                .post("/auth/signup")
                .then().statusCode(201).body("userId", notNullValue());

        String token = given().contentType(ContentType.JSON)
                .body(Map.of("email", email.toUpperCase(), "password", "correct-horse"))
                .post("/auth/login")
                .then().statusCode(200)
                .body("tokenType", equalTo("Bearer"))
                .body("expiresIn", equalTo(900))
                .body("refreshToken", notNullValue())
                .extract().path("accessToken");

        given().auth().oauth2(token).get("/notifications").then().statusCode(200);
    }

    @Test
    void anEmailCanHoldOnlyOneAccountWhateverItsCase() {
        String email = freshEmail();
        given().contentType(ContentType.JSON).body(signup(email, "correct-horse", "CUSTOMER"))
                .post("/auth/signup").then().statusCode(201);
        given().contentType(ContentType.JSON).body(signup(email.toUpperCase(), "another-pass", "RESTAURANT_OWNER"))
                .post("/auth/signup")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("/problems/email-taken"));
    }

    @Test
    void signupRefusesWeakPasswordsBadEmailsAndTheAdminRole() {
        given().contentType(ContentType.JSON).body(signup(freshEmail(), "short", "CUSTOMER"))
                .post("/auth/signup")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("password"));
        given().contentType(ContentType.JSON).body(signup("not-an-email", "correct-horse", "CUSTOMER"))
                .post("/auth/signup")
                .then().statusCode(400).body("errors.field", hasItem("email"));
        given().contentType(ContentType.JSON).body(signup(freshEmail(), "correct-horse", "ADMIN"))
                .post("/auth/signup")
                .then().statusCode(400).body("errors[0].field", equalTo("role"));
        given().contentType(ContentType.JSON).body(signup(freshEmail(), "correct-horse", "CHEF"))
                .post("/auth/signup")
                .then().statusCode(400).body("errors[0].field", equalTo("role"))
                .body("errors[0].message", containsString("CUSTOMER"));
        Map<String, Object> badPhone = signup(freshEmail(), "correct-horse", "CUSTOMER");
        badPhone.put("phone", "98765");
        given().contentType(ContentType.JSON).body(badPhone).post("/auth/signup")
                .then().statusCode(400).body("errors[0].field", equalTo("phone"));
    }

    @Test
    void unknownEmailAndWrongPasswordGetTheSameAnswer() {
        String email = freshEmail();
        given().contentType(ContentType.JSON).body(signup(email, "correct-horse", "CUSTOMER"))
                .post("/auth/signup").then().statusCode(201);

        Response wrongPassword = given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", "wrong-horse")).post("/auth/login");
        Response unknownEmail = given().contentType(ContentType.JSON)
                .body(Map.of("email", freshEmail(), "password", "wrong-horse")).post("/auth/login");

        assertEquals(401, wrongPassword.statusCode());
        assertEquals(401, unknownEmail.statusCode());
        assertEquals(wrongPassword.body().asString(), unknownEmail.body().asString());
        assertEquals("application/problem+json", wrongPassword.contentType());
    }

    @Test
    void theBootstrapAdminCanLogIn() {
        given().auth().oauth2(Api.adminToken()).get("/admin/restaurants").then().statusCode(200);
    }

    @Test
    void protectedEndpointsAnswer401ProblemsWithoutAValidToken() {
        given().get("/notifications")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", equalTo("Bearer"))
                .body("status", equalTo(401));
        given().auth().oauth2("not.a.token").get("/notifications")
                .then().statusCode(401).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Api.restaurantBody()).post("/restaurants")
                .then().statusCode(401);
    }
}
