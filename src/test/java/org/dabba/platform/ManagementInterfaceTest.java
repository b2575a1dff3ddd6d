package org.dabba.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.junit.jupiter.api.Test;

/**
 * Metrics are served on the management interface only: the public port does not answer them, to anyone. Health and
 * the API contract stay on the public port, where probes and app developers look for them.
 */
@QuarkusTest
@WithTestResource(LocalServers.class)
class ManagementInterfaceTest {

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @TestHTTPResource("/")
    URL publicPort;

    @Test
    void metricsAreOnTheManagementPort() {
        assertNotEquals(publicPort.getPort(), management.getPort());
        given().get(metrics).then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void thePublicPortDoesNotServeMetricsEvenToAnAdmin() {
        given().get("/q/metrics").then().statusCode(401).contentType("application/problem+json");
        Api.as(Api.adminToken()).get("/q/metrics").then().statusCode(404)
                .contentType("application/problem+json").body(org.hamcrest.Matchers.not(containsString("jvm_")));
    }

    @Test
    void healthAndTheContractStayOnThePublicPort() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/openapi").then().statusCode(200).body(containsString("Dabba API"));
    }
}
