package org.dabba.platform;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.dabba.platform.http.EdgeRoutes;
import org.dabba.platform.http.OperationKeys;
import org.dabba.platform.security.Role;
import org.dabba.testing.LocalServers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The checked-in contract is what is served, and the routes serve exactly its operations: each operationId by the
 * route {@code direct:<operationId>} (or, until its feature is bound to the contract, by a REST DSL definition of
 * the same verb and path), with the parameters, roles and answers it documents.
 */
@QuarkusTest
@WithTestResource(LocalServers.class)
class OpenApiContractTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "patch", "delete");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    CamelContext camel;

    JsonNode contract;
    JsonNode served;

    @BeforeEach
    void read() throws Exception {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(EdgeRoutes.CONTRACT)) {
            contract = new YAMLMapper().readTree(in);
        }
        served = JSON.readTree(given().queryParam("format", "json").get("/openapi").then().statusCode(200)
                .extract().asString());
    }

    /** What the served document says of each operation is the file's (the server may reformat the rest). */
    @Test
    void theServedDocumentIsTheContract() {
        assertEquals(summary(contract), summary(served));
    }

    private static Map<String, String> summary(JsonNode doc) {
        Map<String, String> summary = new java.util.TreeMap<>();
        doc.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (METHODS.contains(op.getKey())) {
                Set<String> statuses = new TreeSet<>();
                op.getValue().path("responses").fieldNames().forEachRemaining(statuses::add);
                summary.put(OperationKeys.key(op.getKey(), path.getKey(), null), op.getValue().path("operationId").asText()
                        + " " + op.getValue().path("x-roles") + " " + op.getValue().path("parameters").size() + " "
                        + statuses);
            }
        }));
        return summary;
    }

    /**
     * The payment sandbox (/sandbox/stripe/...) is deliberately outside both: it is Stripe's API, documented by
     * Stripe, served only with dabba.payments.gateway=sandbox, as plain platform-http routes (payment/sandbox/SandboxRoutes).
     */
    @Test
    void everyOperationHasExactlyOneRouteAndEveryRouteAnOperation() {
        Map<String, String> operations = operations();
        Set<String> directs = camel.getRoutes().stream().map(Route::getEndpoint)
                .map(e -> e.getEndpointBaseUri().replace("direct://", "direct:"))
                .filter(uri -> uri.startsWith("direct:")).map(uri -> uri.substring("direct:".length()))
                .collect(Collectors.toSet());
        Set<String> dsl = new TreeSet<>();
        for (RestDefinition rest : model().getRestDefinitions()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                dsl.add(OperationKeys.key(verb.asVerb(), rest.getPath(), verb.getPath()));
            }
        }
        List<String> wrong = new ArrayList<>();
        operations.forEach((key, id) -> {
            if (directs.contains(id) == dsl.contains(key)) {
                wrong.add(key + " (" + id + ") is served by " + (dsl.contains(key) ? "both a route and the REST DSL"
                        : "no route"));
            }
        });
        dsl.stream().filter(key -> !operations.containsKey(key)).forEach(key -> wrong.add(key + " is not in the contract"));
        // Operation routes are named in camelCase, internal ones with dashes (search-ingest-...).
        directs.stream().filter(name -> !name.contains("-") && !operations.containsValue(name))
                .forEach(name -> wrong.add("direct:" + name + " is no operation of the contract"));
        assertEquals(List.of(), wrong);
        assertEquals(Set.of(), operations.keySet().stream().filter(p -> p.contains("/sandbox/")).collect(Collectors.toSet()),
                "the sandbox is not part of Dabba's API contract");
    }

    @Test
    void parametersRolesAndAnswersAgree() {
        List<String> wrong = new ArrayList<>();
        Set<String> roles = Arrays.stream(Role.values()).map(Enum::name).collect(Collectors.toSet());
        Map<String, Class<?>> bodies = bodyTypes();
        eachOperation((key, path, op, pathItem) -> {
            Set<String> placeholders = new TreeSet<>();
            Matcher m = Pattern.compile("\\{([^}]+)}").matcher(key);
            while (m.find()) {
                placeholders.add(m.group(1));
            }
            Set<String> declared = new TreeSet<>();
            List<JsonNode> params = new ArrayList<>();
            pathItem.path("parameters").forEach(params::add);
            op.path("parameters").forEach(params::add);
            boolean queried = false;
            for (JsonNode p : params) {
                JsonNode param = resolve(p);
                if ("path".equals(param.path("in").asText())) {
                    declared.add(param.path("name").asText());
                }
                JsonNode schema = resolve(param.path("schema"));
                queried |= "query".equals(param.path("in").asText()) && (param.path("required").asBoolean()
                        || schema.has("enum") || schema.has("maximum") || schema.has("minimum")
                        || schema.has("maxLength") || !"string".equals(schema.path("type").asText("string")));
            }
            if (!placeholders.equals(declared)) {
                wrong.add(key + ": path parameters " + declared + " for " + placeholders);
            }
            JsonNode responses = op.path("responses");
            Set<String> allowed = new TreeSet<>();
            op.path("x-roles").forEach(r -> allowed.add(r.asText()));
            if (!roles.containsAll(allowed)) {
                wrong.add(key + ": x-roles " + allowed + " are not all roles");
            }
            if (!allowed.isEmpty() && !responses.has("401")) {
                wrong.add(key + ": x-roles without a 401");
            }
            if (!allowed.isEmpty() && !allowed.equals(roles) && !responses.has("403")) {
                wrong.add(key + ": x-roles " + allowed + " without a 403");
            }
            if ((queried || op.has("requestBody")) && !responses.has("400") && !key.startsWith("POST /webhooks/")) {
                wrong.add(key + ": parameters or a body without a 400");
            }
            Class<?> body = bodies.get(op.path("operationId").asText());
            if (body != null && body.isRecord()) {
                JsonNode schema = resolve(op.path("requestBody").path("content").path("application/json").path("schema"));
                Set<String> properties = new TreeSet<>();
                schema.path("properties").fieldNames().forEachRemaining(properties::add);
                Set<String> components = Arrays.stream(body.getRecordComponents()).map(c -> c.getName())
                        .collect(Collectors.toCollection(TreeSet::new));
                if (!properties.equals(components)) {
                    wrong.add(key + ": the body " + body.getSimpleName() + " has " + components + ", the contract "
                            + properties);
                }
            }
        });
        assertEquals(List.of(), wrong);
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

    interface OperationVisitor {
        void visit(String key, String path, JsonNode operation, JsonNode pathItem);
    }

    private void eachOperation(OperationVisitor visitor) {
        contract.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (METHODS.contains(op.getKey())) {
                visitor.visit(OperationKeys.key(op.getKey(), path.getKey(), null), path.getKey(), op.getValue(),
                        path.getValue());
            }
        }));
    }

    private Map<String, String> operations() {
        Map<String, String> operations = new HashMap<>();
        eachOperation((key, path, op, item) -> {
            assertTrue(op.hasNonNull("operationId"), key + " has an operationId");
            operations.put(key, op.get("operationId").asText());
        });
        assertEquals(operations.size(), Set.copyOf(operations.values()).size(), "operationIds are unique");
        return operations;
    }

    private JsonNode resolve(JsonNode node) {
        String ref = node.path("$ref").asText(null);
        if (ref == null) {
            return node;
        }
        JsonNode target = contract;
        for (String part : ref.substring(2).split("/")) {
            target = target.path(part);
        }
        return resolve(target);
    }

    /** The record each operation route binds its body to ({@code inputType}). */
    private Map<String, Class<?>> bodyTypes() {
        Map<String, Class<?>> types = new HashMap<>();
        for (RouteDefinition route : model().getRouteDefinitions()) {
            String uri = route.getInput().getEndpointUri();
            if (route.getInputType() != null && uri.startsWith("direct:")) {
                String urn = route.getInputType().getUrn();
                try {
                    types.put(uri.substring("direct:".length()),
                            Class.forName(urn.substring(urn.indexOf(':') + 1), false, getClass().getClassLoader()));
                } catch (ClassNotFoundException e) {
                    throw new AssertionError(uri + " declares an unknown type " + urn, e);
                }
            }
        }
        return types;
    }

    private Model model() {
        return camel.getCamelContextExtension().getContextPlugin(Model.class);
    }
}
