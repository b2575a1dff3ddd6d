package org.dabba.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.dabba.testing.Sockets;
import org.junit.jupiter.api.Test;

/**
 * No input, however hostile, gets a 5xx, a hang or a write it should not: the findings reproduced one by one, then
 * every operation of the served OpenAPI document fed hostile numbers, strings, types, shapes and tokens.
 */
@QuarkusTest
@WithTestResource(LocalServers.class)
class HostileInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);
    private static final RestAssuredConfig TIMEOUTS = RestAssuredConfig.config().httpClient(HttpClientConfig
            .httpClientConfig().setParam("http.connection.timeout", 5_000).setParam("http.socket.timeout", 15_000));

    /** Operations known to answer 5xx to some hostile input, each with why: none today. */
    private static final Set<String> KNOWN_5XX = Set.of();

    private static final String MARK = "@@hostile@@";
    private static final AtomicInteger SEQ = new AtomicInteger();

    // ---- The findings, one by one

    @Test
    void aDecimalWithAHugeExponentIsRefusedBeforeAnyArithmetic() {
        String owner = Api.newUser("RESTAURANT_OWNER");
        for (String latitude : List.of("1e-400000000", "1E+400000000", "0e-999999999", "1.000000000000000000000001")) {
            long started = System.nanoTime();
            Api.as(owner).body(restaurantBodyWithRawLatitude(latitude)).post("/restaurants")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo("/problems/validation"))
                    .body("errors.field", hasItem("address.latitude"));
            assertFast(started, "latitude " + latitude);
        }
        // A number longer than any the API needs is refused by the parser itself.
        Api.as(owner).body(restaurantBodyWithRawLatitude("1" + "0".repeat(100))).post("/restaurants")
                .then().statusCode(400).contentType("application/problem+json");
        // An ordinary coordinate, as a double prints it, still registers.
        Api.as(owner).body(restaurantBodyWithRawLatitude("17.385000000000001")).post("/restaurants")
                .then().statusCode(201);
    }

    @Test
    void nonFiniteNumbersAreRefused() {
        String courier = Api.newUser("COURIER");
        Api.as(courier).body(Map.of("status", "AVAILABLE")).put("/couriers/me/availability").then().statusCode(200);
        for (String lat : List.of("\"NaN\"", "\"Infinity\"", "1e999999")) {
            Api.as(courier).body("{\"lat\": " + lat + ", \"long\": 78.4}").post("/couriers/me/location")
                    .then().statusCode(400).body("errors.field", hasItem("lat"));
        }
        Api.as(courier).body(Map.of("lat", 17.4, "long", 78.4, "ts", "-1000000000-01-01T00:00:00Z"))
                .post("/couriers/me/location").then().statusCode(400).body("errors.field", hasItem("ts"));
    }

    @Test
    void queryNumbersAreBoundedToo() {
        String customer = Api.newUser("CUSTOMER");
        for (String lat : List.of("1e-400000000", "1e999999", "99999999999999999999999", "NaN")) {
            long started = System.nanoTime();
            Api.as(customer).queryParam("cartId", UUID.randomUUID()).queryParam("lat", lat).queryParam("long", "78.4")
                    .get("/checkout/summary").then().statusCode(400).body("errors.field", hasItem("lat"));
            given().queryParam("lat", lat).queryParam("long", "78.4").get("/search/restaurants")
                    .then().statusCode(400).body("errors.field", hasItem("lat"));
            assertFast(started, "lat " + lat);
        }
    }

    @Test
    void aPasswordBcryptCannotReadWhollyIsA400AtSignupAndWrongAtLogin() {
        String email = "long-" + UUID.randomUUID() + "@example.com";
        String password = "é".repeat(72); // 72 characters, 144 bytes
        given().contentType("application/json")
                .body(Map.of("email", email, "password", password, "name", "Long", "role", "CUSTOMER"))
                .post("/auth/signup").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("password"));
        given().contentType("application/json").body(Map.of("email", email, "password", password))
                .post("/auth/login").then().statusCode(401);
        given().contentType("application/json")
                .body(Map.of("email", "admin@dabba.local", "password", "x".repeat(100_000)))
                .post("/auth/login").then().statusCode(401);
        // 36 such characters are 72 bytes: accepted, and they log in.
        String fits = "é".repeat(36);
        given().contentType("application/json")
                .body(Map.of("email", email, "password", fits, "name", "Long", "role", "CUSTOMER"))
                .post("/auth/signup").then().statusCode(201);
        assertTrue(Api.login(email, fits).length() > 0);
    }

    @Test
    void pagesFarOutAreA400NamingPage() {
        String customer = Api.newUser("CUSTOMER");
        Api.as(customer).queryParam("page", 21474837).queryParam("size", 100).get("/orders")
                .then().statusCode(400).body("errors.field", hasItem("page"));
        Api.as(customer).queryParam("page", 2147483647).get("/orders")
                .then().statusCode(400).body("errors.field", hasItem("page"));
        Api.as(customer).queryParam("page", 100).queryParam("size", 100).get("/orders")
                .then().statusCode(200).body("items.size()", equalTo(0));
        Api.as(customer).queryParam("page", 101).queryParam("size", 100).get("/orders")
                .then().statusCode(400).body("errors.field", hasItem("page"));
    }

    @Test
    void controlCharactersAndLoneSurrogatesAreRefusedNamingTheField() {
        String owner = Api.newUser("RESTAURANT_OWNER");
        for (String name : List.of("Spice\\u0000Garden", "Spice\\u001bGarden", "Spice\\ud800Garden",
                "\\udc00Spice", "Spice\\u0085")) {
            String body = restaurantBodyWithRawLatitude("17.385").replace("\"The Spice Garden\"", "\"" + name + "\"");
            Api.as(owner).body(body).post("/restaurants").then().statusCode(400)
                    .body("type", equalTo("/problems/validation")).body("errors.field", hasItem("name"));
        }
        String body = restaurantBodyWithRawLatitude("17.385")
                .replace("\"123 Main St\"", "\"123 Main St\\u0007\"");
        Api.as(owner).body(body).post("/restaurants").then().statusCode(400)
                .body("errors.field", hasItem("address.street"));
        // Emoji (a proper surrogate pair) and line breaks in free text are ordinary text.
        String fine = restaurantBodyWithRawLatitude("17.385")
                .replace("\"The Spice Garden\"", "\"Spice Garden \\ud83c\\udf5b\"")
                .replace("\"Authentic Indian cuisine.\"", "\"Authentic.\\nIndian.\\r\\n\\tCuisine.\"");
        Api.as(owner).body(fine).post("/restaurants").then().statusCode(201);
    }

    @Test
    void deeplyNestedDocumentsAreA400() {
        String deep = "{\"email\":" + "[".repeat(500) + "]".repeat(500) + "}";
        long started = System.nanoTime();
        given().contentType("application/json").body(deep).post("/auth/login")
                .then().statusCode(400).contentType("application/problem+json");
        assertFast(started, "deep nesting");
    }

    @Test
    void theCourierSocketAnswersOrClosesOnHostileFramesAndStaysUsable() throws Exception {
        String courier = Api.newUser("COURIER");
        Api.as(courier).body(Map.of("status", "AVAILABLE")).put("/couriers/me/availability").then().statusCode(200);
        try (Sockets.Client socket = Sockets.connect("/ws/couriers/me", courier)) {
            socket.sendRaw("{\"type\":\"location\",\"lat\":1e-400000000,\"long\":78.4}");
            assertEquals("location stored", positionAnswer(socket));
            socket.sendRaw("{\"type\":\"location\",\"lat\":1e999999,\"long\":78.4}");
            JsonNode error = socket.next("error", ANSWER_WITHIN);
            assertEquals("lat", error.path("field").asText(), error.toString());
            socket.sendRaw("{\"type\":\"location\",\"lat\":\"NaN\",\"long\":78.4}");
            assertEquals("lat", socket.next("error", ANSWER_WITHIN).path("field").asText());
            socket.sendRaw("{\"type\":\"loc\\u0000ation\",\"lat\":17.4,\"long\":78.4}");
            assertEquals("type", socket.next("error", ANSWER_WITHIN).path("field").asText());
            socket.sendRaw("{\"type\":\"location\",\"lat\":17.4,\"long\":78.4,\"ts\":\"\\ud800\"}");
            assertEquals("ts", socket.next("error", ANSWER_WITHIN).path("field").asText());
            socket.sendRaw("{\"type\":\"location\",\"lat\":17.4,\"long\":78.4,\"ts\":\"-1000000000-01-01T00:00:00Z\"}");
            assertEquals("ts", socket.next("error", ANSWER_WITHIN).path("field").asText());
            socket.sendRaw("{\"type\":\"location\",\"lat\":" + "[".repeat(10_000));
            assertEquals("unreadable", socket.next("error", ANSWER_WITHIN).path("code").asText());
            socket.sendRaw("\u0000\u0001 not json");
            assertEquals("unreadable", socket.next("error", ANSWER_WITHIN).path("code").asText());
            socket.send(Map.of("type", "location", "lat", 17.43, "long", 78.4));
            assertEquals("location stored", positionAnswer(socket));
        }
        // A frame far over the message limit closes that socket, and only that one.
        try (Sockets.Client socket = Sockets.connect("/ws/couriers/me", courier)) {
            try {
                socket.sendRaw("{\"type\":\"location\",\"ts\":\"" + "x".repeat(1_000_000) + "\"}");
            } catch (AssertionError closedWhileSending) {
                // the server may close before it has read all of it
            }
            long deadline = System.nanoTime() + ANSWER_WITHIN.toNanos();
            while (!socket.isClosed() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(socket.isClosed(), "an oversized message closes the socket");
        }
        try (Sockets.Client socket = Sockets.connect("/ws/couriers/me", courier)) {
            socket.send(Map.of("type", "location", "lat", 17.44, "long", 78.4));
            assertEquals("location stored", positionAnswer(socket));
        }
    }

    /**
     * A position is answered only when refused: an accept without an order is always answered, so when the next
     * answer is that one, the position before it was taken.
     */
    private static String positionAnswer(Sockets.Client socket) {
        socket.send(Map.of("type", "accept"));
        JsonNode answer = socket.next("error", ANSWER_WITHIN);
        return "invalid-accept".equals(answer.path("code").asText()) ? "location stored" : answer.toString();
    }

    // ---- Every operation of the served contract

    @Test
    void everyOperationSurvivesHostileInput() throws Exception {
        Fixtures f = new Fixtures();
        JsonNode doc = JSON.readTree(given().queryParam("format", "json").get("/openapi").then().statusCode(200)
                .extract().asString());
        List<String> failures = new ArrayList<>();
        int requests = 0;
        long started = System.nanoTime();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (String method : List.of("get", "post", "put", "patch", "delete")) {
                JsonNode op = path.getValue().get(method);
                if (op == null) {
                    continue;
                }
                List<Case> cases = cases(doc, path.getKey(), path.getValue(), method, op, f);
                for (Case c : cases) {
                    requests++;
                    String failure = send(c);
                    if (failure != null && !KNOWN_5XX.contains(method.toUpperCase() + " " + path.getKey())) {
                        failures.add(failure);
                    }
                }
            }
        }
        System.out.printf("Hostile input: %d requests in %d s%n", requests,
                Duration.ofNanos(System.nanoTime() - started).toSeconds());
        assertTrue(requests > 500, "the contract was walked: " + requests + " requests");
        if (!failures.isEmpty()) {
            fail(failures.size() + " hostile requests got a 5xx or no timely answer:\n" + String.join("\n",
                    failures.subList(0, Math.min(failures.size(), 60))));
        }
    }

    /** Numbers, strings, types and shapes no API should compute with, store or choke on (raw JSON). */
    private static final List<String> HOSTILE_VALUES = List.of(
            "1e-400000000", "1e999999", "99999999999999999999999", "-0", "\"NaN\"", "\"-Infinity\"",
            "-1e-400000000", "1" + "9".repeat(200), "0.0000000000000000000000000001", "-2147483649",
            "\"" + "a".repeat(100_000) + "\"", "\"\\u0000\"", "\"a\\u0007\\u001b[31mb\"", "\"\\ud800\"",
            "\"x\\udc00\"", "\"line\\nbreak\\r\\n\"", "\"\"", "true", "[]", "{}", "null", "\"text\"",
            "[" .repeat(200) + "]".repeat(200), "{\"$where\":\"1\"}", "\"../../etc/passwd\"",
            "\"2026-13-45T99:99:99Z\"", "\"-1000000000-01-01T00:00:00Z\"");

    private static final List<String> HOSTILE_PARAMS = List.of(
            "1e-400000000", "1e999999", "99999999999999999999999", "-0", "NaN", "-1", "21474837", "2147483648",
            "%00", "%ED%A0%80", "a%0Ab", "%E2%80%AE", "x".repeat(3000), "true", "%25", "..%2F..");

    private List<Case> cases(JsonNode doc, String path, JsonNode pathItem, String method, JsonNode op, Fixtures f) {
        List<JsonNode> params = new ArrayList<>();
        pathItem.path("parameters").forEach(p -> params.add(resolve(doc, p)));
        op.path("parameters").forEach(p -> params.add(resolve(doc, p)));
        String token = f.tokenFor(method, path);
        Map<String, String> pathValues = new LinkedHashMap<>();
        Map<String, String> queryValues = new LinkedHashMap<>();
        for (JsonNode p : params) {
            String name = p.path("name").asText();
            if ("path".equals(p.path("in").asText())) {
                pathValues.put(name, f.pathValue(name));
            } else if ("query".equals(p.path("in").asText())) {
                queryValues.put(name, plausibleParam(name));
            }
        }
        JsonNode schema = op.path("requestBody").path("content").path("application/json").path("schema");
        JsonNode body = schema.isMissingNode() ? null : example(doc, schema, "", f, 0);
        String label = method.toUpperCase() + " " + path;
        List<Case> cases = new ArrayList<>();
        int rotate = Math.abs(path.hashCode());
        // Each path parameter, hostile.
        for (String name : pathValues.keySet()) {
            for (int i = 0; i < 4; i++) {
                String value = HOSTILE_PARAMS.get((rotate + i * 3) % HOSTILE_PARAMS.size());
                Map<String, String> values = new LinkedHashMap<>(pathValues);
                values.put(name, value);
                cases.add(new Case(label + " path " + name + "=" + abbreviate(value), method, fill(path, values),
                        queryValues, token, body == null ? null : body.toString(), "application/json"));
            }
        }
        // Each query parameter, hostile.
        for (String name : queryValues.keySet()) {
            for (String value : HOSTILE_PARAMS) {
                Map<String, String> values = new LinkedHashMap<>(queryValues);
                values.put(name, value);
                cases.add(new Case(label + " query " + name + "=" + abbreviate(value), method,
                        fill(path, pathValues), values, token, body == null ? null : body.toString(),
                        "application/json"));
            }
        }
        String target = fill(path, pathValues);
        if (body != null) {
            // Each field of the body (nested ones too), hostile, a few values each.
            List<String> leaves = new ArrayList<>();
            leaves(body, "", leaves);
            int perLeaf = Math.max(3, Math.min(HOSTILE_VALUES.size(), 48 / Math.max(1, leaves.size())));
            for (int l = 0; l < leaves.size(); l++) {
                for (int i = 0; i < perLeaf; i++) {
                    String value = HOSTILE_VALUES.get((rotate + l * 7 + i) % HOSTILE_VALUES.size());
                    String raw = withMark(body, leaves.get(l)).toString().replace("\"" + MARK + "\"", value);
                    cases.add(new Case(label + " body " + leaves.get(l) + "=" + abbreviate(value), method, target,
                            queryValues, token, raw, "application/json"));
                }
            }
            // The body's shape and type.
            String valid = body.toString();
            for (String raw : List.of("", "null", "[]", "\"text\"", "42", "{", "{\"a\":" + "[".repeat(5000),
                    "{}", valid + valid, "\uFEFF" + valid)) {
                cases.add(new Case(label + " body " + abbreviate(raw), method, target, queryValues, token, raw,
                        "application/json"));
            }
            cases.add(new Case(label + " as text/plain", method, target, queryValues, token, valid, "text/plain"));
            cases.add(new Case(label + " as xml", method, target, queryValues, token, "<a>&xxe;</a>",
                    "application/xml"));
            cases.add(new Case(label + " as form", method, target, queryValues, token, "a=1&b=%00",
                    "application/x-www-form-urlencoded"));
        } else {
            cases.add(new Case(label + " plain", method, target, queryValues, token, null, null));
            if (!"get".equals(method) && !"delete".equals(method)) {
                cases.add(new Case(label + " unexpected body", method, target, queryValues, token,
                        "{\"a\":" + "[".repeat(5000), "application/json"));
            }
        }
        // Tokens that must not pass: unsigned, foreign, expired, garbage.
        for (String forged : f.forgedTokens()) {
            cases.add(new Case(label + " forged token", method, target, queryValues, forged,
                    body == null ? null : body.toString(), "application/json"));
        }
        return cases;
    }

    private static String send(Case c) {
        RequestSpecification request = given().config(TIMEOUTS).urlEncodingEnabled(false);
        if (c.token() != null) {
            request.header("Authorization", "Bearer " + c.token());
        }
        request.header("Idempotency-Key", "hostile-" + SEQ.incrementAndGet());
        c.query().forEach((k, v) -> request.queryParam(k, encodeParam(v)));
        if (c.body() != null) {
            if (c.contentType().startsWith("application/json")) {
                request.contentType(c.contentType() + "; charset=UTF-8").body(c.body().getBytes(StandardCharsets.UTF_8));
            } else {
                request.contentType(c.contentType()).body(c.body());
            }
        }
        long started = System.nanoTime();
        Response response;
        try {
            response = request.request(c.method().toUpperCase(), c.path());
        } catch (RuntimeException e) {
            return c.label() + ": no answer (" + e + ")";
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        if (response.statusCode() >= 500) {
            return c.label() + ": " + response.statusCode() + " " + abbreviate(response.asString());
        }
        if (took.compareTo(ANSWER_WITHIN) > 0) {
            return c.label() + ": answered " + response.statusCode() + " only after " + took.toMillis() + " ms";
        }
        return null;
    }

    /** Already %-encoded values stay as they are; everything else is encoded as a browser would. */
    private static String encodeParam(String value) {
        return value.contains("%") ? value : java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String fill(String path, Map<String, String> values) {
        String filled = path;
        for (Map.Entry<String, String> v : values.entrySet()) {
            String value = v.getValue().contains("%") ? v.getValue()
                    : java.net.URLEncoder.encode(v.getValue(), StandardCharsets.UTF_8).replace("+", "%20");
            filled = filled.replace("{" + v.getKey() + "}", value);
        }
        return filled;
    }

    private static String plausibleParam(String name) {
        return switch (name) {
            case "lat" -> "17.385";
            case "long" -> "78.4867";
            case "radius" -> "5";
            case "page" -> "0";
            case "size" -> "10";
            case "cartId", "restaurantId", "orderId" -> UUID.randomUUID().toString();
            default -> "x";
        };
    }

    private static JsonNode resolve(JsonNode doc, JsonNode node) {
        JsonNode current = node;
        for (int i = 0; i < 10 && current.has("$ref"); i++) {
            String[] parts = current.get("$ref").asText().substring(2).split("/");
            JsonNode target = doc;
            for (String part : parts) {
                target = target.path(part);
            }
            current = target;
        }
        return current;
    }

    /** A plausible value of {@code schema}: real ids where the API needs them, so hostile fields get far. */
    private static JsonNode example(JsonNode doc, JsonNode schemaRef, String name, Fixtures f, int depth) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        JsonNode schema = resolve(doc, schemaRef);
        for (String combinator : List.of("allOf", "oneOf", "anyOf")) {
            if (schema.has(combinator) && schema.get(combinator).size() > 0) {
                return example(doc, schema.get(combinator).get(0), name, f, depth + 1);
            }
        }
        if (schema.has("enum")) {
            return schema.get("enum").get(0);
        }
        if (schema.has("const")) {
            return schema.get("const");
        }
        String type = schema.path("type").isArray() ? schema.path("type").get(0).asText()
                : schema.path("type").asText(schema.has("properties") ? "object" : "string");
        switch (type) {
            case "object" -> {
                ObjectNode object = nodes.objectNode();
                if (depth > 4) {
                    return object;
                }
                schema.path("properties").fields().forEachRemaining(p -> object.set(p.getKey(),
                        example(doc, p.getValue(), p.getKey(), f, depth + 1)));
                return object;
            }
            case "array" -> {
                ArrayNode array = nodes.arrayNode();
                if (depth <= 4) {
                    array.add(example(doc, schema.path("items"), name, f, depth + 1));
                }
                return array;
            }
            case "integer" -> {
                return nodes.numberNode(schema.has("minimum") ? Math.max(1, schema.get("minimum").asInt()) : 1);
            }
            case "number" -> {
                return switch (name) {
                    case "latitude", "lat" -> nodes.numberNode(17.385);
                    case "longitude", "long" -> nodes.numberNode(78.4867);
                    default -> nodes.numberNode(schema.has("minimum") ? Math.max(1, schema.get("minimum").asDouble())
                            : 10);
                };
            }
            case "boolean" -> {
                return nodes.booleanNode(true);
            }
            default -> {
                return nodes.textNode(f.plausibleString(name, schema));
            }
        }
    }

    private static void leaves(JsonNode node, String at, List<String> out) {
        if (node.isObject() && node.size() > 0) {
            node.fields().forEachRemaining(e -> leaves(e.getValue(), at.isEmpty() ? e.getKey() : at + "." + e.getKey(),
                    out));
        } else if (node.isArray() && node.size() > 0) {
            leaves(node.get(0), at + "[0]", out);
        } else {
            out.add(at);
        }
    }

    /** A copy of {@code body} with the leaf at {@code at} replaced by the mark. */
    private static JsonNode withMark(JsonNode body, String at) {
        JsonNode copy = body.deepCopy();
        if (at.isEmpty()) {
            return JsonNodeFactory.instance.textNode(MARK);
        }
        JsonNode parent = copy;
        String[] steps = at.split("\\.");
        for (int i = 0; i < steps.length; i++) {
            String step = steps[i];
            boolean indexed = step.endsWith("[0]");
            String field = indexed ? step.substring(0, step.length() - 3) : step;
            boolean last = i == steps.length - 1;
            if (last && !indexed) {
                ((ObjectNode) parent).put(field, MARK);
            } else if (last) {
                ((ArrayNode) parent.get(field)).set(0, JsonNodeFactory.instance.textNode(MARK));
            } else {
                parent = indexed ? parent.get(field).get(0) : parent.get(field);
            }
        }
        return copy;
    }

    private static String abbreviate(String s) {
        String flat = s.replaceAll("\\p{Cntrl}", "?");
        return flat.length() <= 60 ? flat : flat.substring(0, 57) + "...";
    }

    private static void assertFast(long startedNanos, String what) {
        Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
        assertTrue(took.compareTo(ANSWER_WITHIN) < 0, what + " took " + took.toMillis() + " ms");
    }

    private static String restaurantBodyWithRawLatitude(String latitude) {
        Map<String, Object> body = Api.restaurantBody();
        body.put("address", Map.of("street", "123 Main St", "city", "Hyderabad", "zipCode", "500001",
                "latitude", MARK, "longitude", 78.4867));
        try {
            return JSON.writeValueAsString(body).replace("\"" + MARK + "\"", latitude);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private record Case(String label, String method, String path, Map<String, String> query, String token,
            String body, String contentType) {
    }

    /** A user of each role, a restaurant with a dish, and tokens that must be refused. */
    private static final class Fixtures {

        final String admin = Api.adminToken();
        final String customer = Api.newUser("CUSTOMER");
        final String courier = Api.newUser("COURIER");
        final String owner;
        final String restaurantId;
        final String dishId;
        private final List<String> forged = new ArrayList<>();
        private int forgedTurn;

        Fixtures() throws Exception {
            String[] r = Api.activeRestaurant();
            owner = r[0];
            restaurantId = r[1];
            dishId = Api.dish(owner, restaurantId, "Dal", "120.00");
            String claims = "{\"iss\":\"https://dabba.local\",\"sub\":\"" + UUID.randomUUID()
                    + "\",\"upn\":\"admin@dabba.local\",\"groups\":[\"ADMIN\"],\"exp\":4102444800}";
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            forged.add(b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                    + "." + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".");
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048);
            forged.add(Jwt.issuer("https://dabba.local").subject(UUID.randomUUID().toString())
                    .groups(Set.of("ADMIN")).expiresIn(3600).sign(rsa.generateKeyPair().getPrivate()));
            try {
                // Signed with the app's own key, but expired an hour ago.
                forged.add(Jwt.issuer("https://dabba.local").subject(UUID.randomUUID().toString())
                        .groups(Set.of("ADMIN")).issuedAt(Instant.now().minusSeconds(7200))
                        .expiresAt(Instant.now().minusSeconds(3600)).sign());
            } catch (RuntimeException e) {
                forged.add("eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl");
            }
            forged.add("not.a.token");
            forged.add(admin.substring(0, admin.lastIndexOf('.') + 1) + "AAAA");
        }

        /** Two of the forged tokens per operation, in turn, so that each is tried on about half the contract. */
        List<String> forgedTokens() {
            List<String> two = List.of(forged.get(forgedTurn % forged.size()),
                    forged.get((forgedTurn + 1) % forged.size()));
            forgedTurn += 2;
            return two;
        }

        String tokenFor(String method, String path) {
            if (path.startsWith("/admin")) {
                return admin;
            }
            if (path.startsWith("/couriers") || path.startsWith("/deliveries")) {
                return courier;
            }
            if (path.startsWith("/auth") || path.startsWith("/webhooks")) {
                return null;
            }
            if (path.startsWith("/restaurants") && (!"get".equals(method) || path.contains("orders")
                    || path.contains("integrations") || path.endsWith("mine"))) {
                return owner;
            }
            return customer;
        }

        String pathValue(String name) {
            return switch (name) {
                case "id", "restaurantId" -> restaurantId;
                case "itemId" -> dishId;
                case "code" -> "HOSTILE10";
                default -> UUID.randomUUID().toString();
            };
        }

        String plausibleString(String name, JsonNode schema) {
            String format = schema.path("format").asText();
            if ("uuid".equals(format)) {
                return switch (name) {
                    case "restaurantId" -> restaurantId;
                    case "itemId" -> dishId;
                    default -> UUID.randomUUID().toString();
                };
            }
            if ("email".equals(format) || "email".equals(name)) {
                return "hostile-" + UUID.randomUUID() + "@example.com";
            }
            if ("date-time".equals(format)) {
                return Instant.now().toString();
            }
            if ("uri".equals(format) || name.toLowerCase().endsWith("url")) {
                return "https://example.com/hook";
            }
            return switch (name) {
                case "password" -> "correct-horse";
                case "phone" -> "+919876543210";
                case "licenseNumber" -> Api.uniqueLicence();
                case "code" -> "HOSTILE" + SEQ.incrementAndGet();
                case "secret" -> "s".repeat(32);
                default -> "hostile test";
            };
        }
    }
}
