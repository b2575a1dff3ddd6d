package org.dabba.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small JSON client for the benchmarks, on the JDK's HttpClient. */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    static JsonNode send(String method, String url, String token, Object body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body().isEmpty() ? null : JSON.readTree(response.body());
    }

    static int status(HttpRequest request) throws Exception {
        return CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The bootstrap admin's password: the zero-config default's unless a benchmark runs the prod profile. */
    static volatile String adminPassword = "dabba-admin";

    static String login(String base, String email, String password) throws Exception {
        return send("POST", base + "/auth/login", null,
                java.util.Map.of("email", email, "password", password), 200).path("accessToken").asText();
    }

    /** A fresh user's token; a courier signs up with a bicycle and is approved by the admin, as couriers must be. */
    static String newUser(String base, String role) throws Exception {
        String email = role.toLowerCase() + "-" + java.util.UUID.randomUUID() + "@bench.example";
        java.util.Map<String, Object> body = new java.util.HashMap<>(java.util.Map.of("email", email,
                "password", "bench-password", "name", "Bench " + role, "role", role));
        if ("COURIER".equals(role)) {
            body.put("courier", java.util.Map.of("vehicle", "BICYCLE"));
        }
        String userId = send("POST", base + "/auth/signup", null, body, 201).path("userId").asText();
        if ("COURIER".equals(role)) {
            send("POST", base + "/admin/couriers/" + userId + "/verification",
                    login(base, "admin@dabba.local", adminPassword), java.util.Map.of("decision", "APPROVE"), 200);
        }
        return login(base, email, "bench-password");
    }
}
