package org.dabba.platform;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.dabba.testing.LocalServers;
import org.junit.jupiter.api.Test;

/** The served, checked-in OpenAPI document and the REST DSL routes describe the same endpoints. */
@QuarkusTest
@WithTestResource(LocalServers.class)
class OpenApiContractTest {

    @Inject
    CamelContext camel;

    /**
     * Compares the REST DSL with the document. The payment sandbox (/sandbox/stripe/...) is deliberately outside
     * both: it is Stripe's API, documented by Stripe, served only with dabba.payments.gateway=sandbox, and its
     * routes are plain platform-http routes (payment/sandbox/SandboxRoutes), not REST DSL, so they never appear here.
     */
    @Test
    void servedContractMatchesTheRoutes() {
        Set<String> routes = new TreeSet<>();
        for (RestDefinition rest : camel.getCamelContextExtension().getContextPlugin(Model.class).getRestDefinitions()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                String path = (rest.getPath() + (verb.getPath() == null ? "" : "/" + verb.getPath()))
                        .replaceAll("/+", "/");
                routes.add(verb.asVerb().toUpperCase() + " " + (path.length() > 1 ? path.replaceAll("/$", "") : path));
            }
        }

        Map<String, Map<String, Object>> paths = given().accept("application/json").get("/openapi")
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        Set<String> documented = new TreeSet<>();
        paths.forEach((path, operations) -> operations.keySet().stream()
                .filter(k -> Set.of("get", "put", "post", "patch", "delete").contains(k))
                .forEach(method -> documented.add(method.toUpperCase() + " " + path)));

        assertEquals(routes, documented);
        assertEquals(Set.of(), documented.stream().filter(p -> p.contains("/sandbox/")).collect(Collectors.toSet()),
                "the sandbox is not part of Dabba's API contract");
    }

    /** The rate-limited operations document their 429 and its Retry-After. */
    @Test
    void rateLimitedOperationsDocumentTheir429() {
        var doc = given().accept("application/json").get("/openapi").then().statusCode(200).extract().jsonPath();
        for (String operation : List.of("'/auth/signup'.post", "'/auth/login'.post", "'/auth/refresh'.post",
                "'/auth/password'.post", "'/search/restaurants'.get",
                "'/checkout/summary'.get", "'/orders/checkout'.post")) {
            assertEquals("#/components/responses/RateLimited",
                    doc.getString("paths." + operation + ".responses.'429'.'$ref'"), operation);
        }
        assertEquals(Map.of("type", "integer", "minimum", 1),
                doc.getMap("components.responses.RateLimited.headers.'Retry-After'.schema"));
    }
}
