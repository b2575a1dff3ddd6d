package org.dabba.search;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.checkout.Pricing.Tariff;
import org.dabba.platform.error.Problem;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.http.Http;
import org.dabba.platform.http.JsonLimits;
import org.dabba.platform.http.Paging;
import org.dabba.platform.limits.ClientAddress;
import org.dabba.platform.limits.RateLimits;
import org.dabba.platform.security.Caller;
import org.dabba.platform.security.Role;
import org.dabba.search.SearchQuery.SortBy;

/**
 * GET /search/restaurants (public) and /admin/search (rebuild, status, dead letters). The ingestion worker
 * itself is the YAML route routes/search-ingestion.yaml; its dead letters are the common ones (DeadLetters),
 * and GET /admin/search/dead-letters shows those of its two routes still parked.
 */
@ApplicationScoped
public class SearchRoutes extends RouteBuilder {

    static final int MAX_SIZE = 50;
    static final double MAX_RADIUS_KM = 25;
    static final double DEFAULT_RADIUS_KM = 7;

    @Inject
    Http http;

    @Inject
    SearchService search;

    @Inject
    SearchIngestionLag lag;

    @Inject
    RateLimits limits;

    /** Checkout's tariff: its default delivery radius is the one search applies. */
    @Inject
    Tariff tariff;

    @Override
    public void configure() {
        rest("/search").get("/restaurants").to("direct:search-restaurants");
        rest("/admin/search")
                .post("/reindex").to("direct:search-reindex")
                .get("/reindex").to("direct:search-reindex-status")
                .get("/status").to("direct:search-status")
                .get("/dead-letters").to("direct:search-dead-letters");

        from("direct:search-restaurants").routeId("search-restaurants")
                .process(e -> {
                    SearchQuery query = query(e.getMessage(), tariff.defaultDeliveryRadiusKm().doubleValue());
                    // Public and the costliest read: limited per client address.
                    limits.search(ClientAddress.of(e));
                    http.ok(e, search.search(query));
                });

        from("direct:search-reindex").routeId("search-reindex")
                .process(e -> {
                    Caller.requireRole(e, Role.ADMIN);
                    http.json(e, 202, search.startRebuild());
                    e.getMessage().setHeader("Location", "/admin/search/reindex");
                });

        from("direct:search-reindex-status").routeId("search-reindex-status")
                .process(e -> {
                    Caller.requireRole(e, Role.ADMIN);
                    http.ok(e, search.rebuildStatus());
                });

        from("direct:search-status").routeId("search-status")
                .process(e -> {
                    Caller.requireRole(e, Role.ADMIN);
                    http.ok(e, search.status(lag.waiting()));
                });

        from("direct:search-dead-letters").routeId("search-dead-letters")
                .process(e -> {
                    Caller.requireRole(e, Role.ADMIN);
                    http.ok(e, search.deadLetters(Paging.page(e), Paging.size(e)));
                });
    }

    /**
     * The query of a request: around a point (lat and long), or among a city's restaurants (city alone, no
     * distances then); city with a point narrows the search to that city.
     */
    static SearchQuery query(Message m, double defaultDeliveryRadiusKm) {
        List<Problem.FieldError> errors = new ArrayList<>();
        String city = m.getHeader("city", String.class);
        boolean hasCity = city != null && !city.isBlank();
        boolean pointSent = present(m, "lat") || present(m, "long");
        if (!pointSent && !hasCity) {
            // Say what to send: without a point or a city there is nothing to search around or in.
            throw new ProblemException(new Problem("validation", "Invalid request", 400,
                    "Send lat and long (a point to search around), or city (to search a city's restaurants)",
                    List.of(new Problem.FieldError("lat", "is required unless city is given"),
                            new Problem.FieldError("long", "is required unless city is given"))));
        }
        Double lat = number(m, "lat", errors, pointSent);
        Double lon = number(m, "long", errors, pointSent);
        Double radius = number(m, "radius", errors, false);
        if (lat != null && (lat < -90 || lat > 90)) {
            errors.add(new Problem.FieldError("lat", "must be between -90 and 90"));
        }
        if (lon != null && (lon < -180 || lon > 180)) {
            errors.add(new Problem.FieldError("long", "must be between -180 and 180"));
        }
        if (radius != null && (radius <= 0 || radius > MAX_RADIUS_KM)) {
            errors.add(new Problem.FieldError("radius", "must be more than 0 and at most 25 (km)"));
        }
        String text = m.getHeader("query", String.class);
        if (text != null && text.length() > 100) {
            errors.add(new Problem.FieldError("query", "must be at most 100 characters"));
        }
        if (hasCity && city.length() > 100) {
            errors.add(new Problem.FieldError("city", "must be at most 100 characters"));
        } else if (hasCity && SearchText.normalize(city).isEmpty()) {
            errors.add(new Problem.FieldError("city", "must contain letters or digits"));
        }
        SortBy sortBy = SortBy.RELEVANCE;
        String sort = m.getHeader("sort_by", String.class);
        if (sort != null && !sort.isBlank()) {
            try {
                sortBy = SortBy.valueOf(sort.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException ex) {
                errors.add(new Problem.FieldError("sort_by",
                        "must be one of relevance, distance, rating, popularity, delivery_time"));
            }
        }
        String veg = m.getHeader("veg", String.class);
        if (veg != null && !veg.isBlank() && !veg.equals("true") && !veg.equals("false")) {
            errors.add(new Problem.FieldError("veg", "must be true or false"));
        }
        if (!pointSent && (sortBy == SortBy.DISTANCE || sortBy == SortBy.DELIVERY_TIME)) {
            errors.add(new Problem.FieldError("sort_by", "distance and delivery_time need lat and long"));
        }
        int page = Paging.intParam(m, "page", 0, 0, 200, errors);
        int size = Paging.intParam(m, "size", 20, 1, MAX_SIZE, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        if (!pointSent) {
            return SearchQuery.inCity(city, SearchText.tokens(text), sortBy, "true".equals(veg), page, size);
        }
        return new SearchQuery(lat, lon, radius == null ? DEFAULT_RADIUS_KM : radius, SearchText.tokens(text), sortBy,
                "true".equals(veg), page, size, hasCity ? city : null, defaultDeliveryRadiusKm);
    }

    private static boolean present(Message m, String name) {
        String raw = m.getHeader(name, String.class);
        return raw != null && !raw.isBlank();
    }

    private static Double number(Message m, String name, List<Problem.FieldError> errors, boolean required) {
        String raw = m.getHeader(name, String.class);
        if (raw == null || raw.isBlank()) {
            if (required) {
                errors.add(new Problem.FieldError(name, "is required"));
            }
            return null;
        }
        java.math.BigDecimal value = JsonLimits.decimal(raw);
        if (value != null) {
            return value.doubleValue();
        }
        errors.add(new Problem.FieldError(name, "must be a number"));
        return null;
    }
}
