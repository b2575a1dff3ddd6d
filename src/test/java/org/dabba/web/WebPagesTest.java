package org.dabba.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.dabba.testing.LocalServers;
import org.junit.jupiter.api.Test;

/** The pages are served to anyone, without a token; the API around them keeps its rules. */
@QuarkusTest
@WithTestResource(LocalServers.class)
class WebPagesTest {

    @Test
    void thePagesAndTheirAssetsArePublic() {
        given().get("/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("/partner/"));
        given().get("/partner/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("/partner/partner.js"));
        given().get("/partner/partner.js").then().statusCode(200)
                .contentType(containsString("javascript"));
        given().get("/assets/dabba.js").then().statusCode(200).contentType(containsString("javascript"));
        given().get("/assets/dabba.css").then().statusCode(200).contentType(containsString("text/css"));
        given().get("/assets/map.js").then().statusCode(200).contentType(containsString("javascript"));
        given().get("/pages/settings").then().statusCode(200).contentType(containsString("application/json"))
                .body("map.tileUrl", equalTo(null));
    }

    @Test
    void aBrowserAsksAgainForEachFileAndIsToldWhenNothingChanged() {
        for (String path : new String[] { "/", "/assets/dabba.js", "/customer/customer.js", "/admin/admin.js" }) {
            String modified = given().get(path).then().statusCode(200).header("Cache-Control", equalTo("no-cache"))
                    .header("Last-Modified", notNullValue()).extract().header("Last-Modified");
            given().header("If-Modified-Since", modified).get(path).then().statusCode(304);
        }
    }

    @Test
    void theApiAroundThemKeepsItsRules() {
        given().get("/restaurants/mine").then().statusCode(401).contentType("application/problem+json");
        // the admin console's page shares /admin with the admin API, which stays closed
        given().get("/admin/restaurants").then().statusCode(401).contentType("application/problem+json");
        given().get("/admin/dead-letters").then().statusCode(401).contentType("application/problem+json");
        given().get("/assets/no-such-file.js").then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("/problems/not-found"));
        given().contentType("application/json").body("{}").post("/partner/").then()
                .contentType("application/problem+json");
    }
}
