package org.dabba.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.junit.jupiter.api.Test;

/** Every error is problem+json, including what the HTTP layer answers before a route runs. */
@QuarkusTest
@WithTestResource(LocalServers.class)
class ErrorsTest {

    @Test
    void readyOnlyWithTheRoutesStarted() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'dabba-routes' }.status", equalTo("UP"));
    }


    @Test
    void unknownPathIsA404Problem() {
        Api.as(Api.adminToken()).get("/no/such/thing")
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("/problems/not-found"))
                .body("instance", equalTo("/no/such/thing"));
    }

    @Test
    void wrongMethodIsA405Problem() {
        given().delete("/auth/login")
                .then().statusCode(405).contentType("application/problem+json")
                .body("detail", containsString("DELETE"));
    }

    @Test
    void bodiesOver10MiBAreA413Problem() throws Exception {
        // A raw request: the server answers as soon as it reads the length, before any body is sent.
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.getOutputStream().write(("POST /auth/login HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + (10 * 1024 * 1024 + 1) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            socket.setSoTimeout(10_000);
            StringBuilder answer = new StringBuilder();
            byte[] chunk = new byte[512];
            for (int n; answer.indexOf("}") < 0 && (n = socket.getInputStream().read(chunk)) > 0; ) {
                answer.append(new String(chunk, 0, n, StandardCharsets.UTF_8));
            }
            assertTrue(answer.toString().startsWith("HTTP/1.1 413"), answer.toString());
            assertTrue(answer.toString().contains("application/problem+json"), answer.toString());
            assertTrue(answer.toString().contains("/problems/payload-too-large"), answer.toString());
        }
    }

    @Test
    void malformedJsonMissingBodiesAndWrongTypesAre400s() {
        given().contentType(ContentType.JSON).body("{\"email\": ").post("/auth/login")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("/problems/malformed-json"));
        given().contentType(ContentType.JSON).post("/auth/login")
                .then().statusCode(400).body("detail", containsString("body is required"));
        given().contentType(ContentType.JSON).body("[1,2]").post("/auth/login")
                .then().statusCode(400).contentType("application/problem+json");
        String owner = Api.newUser("RESTAURANT_OWNER");
        java.util.Map<String, Object> body = Api.restaurantBody();
        body.put("address", java.util.Map.of("street", "x", "city", "y", "zipCode", "1", "latitude", "north",
                "longitude", 1));
        Api.as(owner).body(body).post("/restaurants")
                .then().statusCode(400).body("errors.field", hasItem("address.latitude"))
                .body(not(containsString("Exception")));
    }
}
