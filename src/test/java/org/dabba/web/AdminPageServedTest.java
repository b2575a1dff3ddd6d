package org.dabba.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.dabba.testing.LocalServers;
import org.junit.jupiter.api.Test;

/** The admin console's page and its own files are served to anyone at /admin/; the admin API beside them is not. */
@QuarkusTest
@WithTestResource(LocalServers.class)
class AdminPageServedTest {

    @Test
    void thePageAndItsFilesAreServed() {
        given().get("/admin/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("/admin/admin.js"));
        given().get("/admin/admin.js").then().statusCode(200).contentType(containsString("javascript"))
                .body(containsString("accountPanel"));
        given().get("/admin/admin.css").then().statusCode(200).contentType(containsString("text/css"));
        given().redirects().follow(false).get("/admin").then().statusCode(302)
                .header("Location", containsString("/admin/"));
    }

    @Test
    void theAdminApiBesideThemStillNeedsAnAdminToken() {
        given().get("/admin/promotions").then().statusCode(401).contentType("application/problem+json");
        given().get("/admin/search/status").then().statusCode(401).contentType("application/problem+json");
        given().get("/admin/couriers").then().statusCode(401).contentType("application/problem+json");
    }
}
