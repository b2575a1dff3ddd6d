package org.dabba.platform;

import static io.restassured.RestAssured.given;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dabba.testing.LocalServers;
import org.dabba.testing.Orders;
import org.dabba.testing.Orders.PlacedOrder;
import org.junit.jupiter.api.Test;

/**
 * What an SRE sees: every metric the Grafana dashboard and the Prometheus alerts query is one the app exports
 * (before any traffic, since every series is registered at start-up), and an order moving through its statuses
 * moves the counters they watch.
 */
@QuarkusTest
@WithTestResource(LocalServers.class)
class MetricsContractTest {

    static final Path DASHBOARD = Path.of("deploy/grafana/dabba-dashboard.json");
    static final Path ALERTS = Path.of("deploy/prometheus/alerts.yml");
    /** Series that Prometheus itself (up) or kube-state-metrics (pods' readiness) make, not the app. */
    static final Set<String> NOT_FROM_THE_APP = Set.of("up", "kube_pod_status_ready");
    static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "and", "or", "unless", "offset", "inf", "nan");

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @Test
    void everyMetricTheDashboardAndTheAlertsUseIsExported() throws IOException {
        String exposition = scrape();
        Files.writeString(Path.of("target/metrics-exposition.txt"), exposition);
        Set<String> exported = exportedNames(exposition);
        List<String> expressions = new ArrayList<>();
        collect(new ObjectMapper().readTree(DASHBOARD.toFile()), "expr", expressions);
        int dashboardExpressions = expressions.size();
        collect(new YAMLMapper().readTree(ALERTS.toFile()), "expr", expressions);
        assertTrue(dashboardExpressions >= 20, "the dashboard has its queries: " + dashboardExpressions);
        assertTrue(expressions.size() - dashboardExpressions >= 6, "the alerts have their rules");

        Set<String> used = new TreeSet<>();
        expressions.forEach(e -> used.addAll(metricNames(e)));
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(exported);
        missing.removeAll(NOT_FROM_THE_APP);
        assertTrue(missing.isEmpty(), "queried but not exported: " + missing);
        assertTrue(used.stream().anyMatch(n -> n.startsWith("camel_")), "the Camel routes are on the dashboard");
    }

    @Test
    void anOrderPaidAndAcceptedMovesTheTransitionAndPaymentCounters() {
        String paid = "dabba_orders_transitions_total{from=\"PAYMENT_PENDING\",to=\"PENDING_RESTAURANT_ACCEPTANCE\"}";
        String accepted = "dabba_orders_transitions_total{from=\"PENDING_RESTAURANT_ACCEPTANCE\",to=\"ACCEPTED\"}";
        String succeeded = "dabba_payments_outcomes_total{outcome=\"succeeded\"}";
        String decided = "dabba_orders_restaurant_decision_seconds_count{outcome=\"accepted\"}";
        String before = scrape();

        PlacedOrder o = Orders.paid();
        as(o.ownerToken()).post("/restaurants/{r}/orders/{o}/accept", o.restaurantId(), o.orderId()).then()
                .statusCode(200);

        String after = scrape();
        for (String series : List.of(paid, accepted, succeeded, decided)) {
            assertTrue(value(after, series) >= value(before, series) + 1, series + " moved");
        }
        // The accept request is counted under its route's shape, and no series carries an order's or anyone's id.
        assertTrue(after.contains("uri=\"/restaurants/{id}/orders/{id}/accept\""), "HTTP series by route shape");
        Matcher id = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").matcher(after);
        assertFalse(id.find(), () -> "an id in a series: " + id.group());
    }

    @Test
    void readinessNamesEachDependencyAndLivenessChecksNone() {
        String ready = given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItems("Database connections health check", "redis", "search", "dabba-routes"))
                .extract().asString();
        List<String> live = given().get("/q/health/live").then().statusCode(200).extract().path("checks.name");
        assertFalse(live.contains("redis"), "liveness does not ask Redis: " + live);
        assertFalse(live.contains("Database connections health check"), "nor PostgreSQL: " + live);
        System.out.println("Readiness: " + ready + "\nLiveness checks: " + live);
    }

    private String scrape() {
        return given().get(metrics).then().statusCode(200).extract().asString();
    }

    /** The value of one series (name with its labels as exposed), 0 when absent. */
    static double value(String exposition, String series) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]);
            }
        }
        return 0;
    }

    static Set<String> exportedNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    private static void collect(JsonNode node, String field, List<String> into) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> {
                if (f.getKey().equals(field) && f.getValue().isTextual()) {
                    into.add(f.getValue().asText());
                } else {
                    collect(f.getValue(), field, into);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, field, into));
        }
    }

    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w$.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");

    /** The metric names a PromQL expression reads (functions, keywords, labels and Grafana variables left out). */
    static Set<String> metricNames(String expr) {
        String e = expr.replaceAll("\\$\\{?\\w+}?", " ");
        e = STRINGS.matcher(e).replaceAll(" ");
        e = MATCHERS.matcher(e).replaceAll(" ");
        e = RANGES.matcher(e).replaceAll(" ");
        e = GROUPING.matcher(e).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(e);
        while (m.find()) {
            String word = m.group(1);
            if (m.group(2) == null && !PROMQL_WORDS.contains(word.toLowerCase()) && !word.matches("\\d.*")) {
                names.add(word);
            }
        }
        return names;
    }

    @Test
    void theNameExtractionReadsPromql() {
        assertEquals(Set.of("a_bucket"), metricNames(
                "histogram_quantile(0.95, sum by (le, outcome) (rate(a_bucket{x=\"y\"}[$__rate_interval])))"));
        assertEquals(Set.of("b_total", "c"), metricNames("sum without (instance) (increase(b_total[5m])) / on (job) c > 0"));
    }
}
