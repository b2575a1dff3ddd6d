package org.dabba.search;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.checkout.Pricing.Tariff;
import org.dabba.platform.error.Problem;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.http.Edge;
import org.dabba.platform.http.JsonLimits;
import org.dabba.platform.http.Paging;
import org.dabba.platform.limits.ClientAddress;
import org.dabba.platform.limits.RateLimits;
import org.dabba.search.SearchQuery.SortBy;

/** GET /search/restaurants (public) and /admin/search; the ingestion worker is routes/search-ingestion.yaml. */
@ApplicationScoped
public class SearchRoutes extends RouteBuilder {

    static final int MAX_SIZE = 50;
    static final double DEFAULT_RADIUS_KM = 7;

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
        from("direct:searchRestaurants").routeId("search-restaurants")
                .process(e -> {
                    SearchQuery query = query(e, tariff.defaultDeliveryRadiusKm().doubleValue());
                    // Public and the costliest read: limited per client address.
                    limits.search(ClientAddress.of(e));
                    e.getMessage().setBody(search.search(query));
                });

        from("direct:searchReindex").routeId("search-reindex")
                .process(e -> {
                    Edge.reply(e, 202, search.startRebuild());
                    e.getMessage().setHeader("Location", "/admin/search/reindex");
                });

        from("direct:searchReindexStatus").routeId("search-reindex-status")
                .process(e -> e.getMessage().setBody(search.rebuildStatus()));

        from("direct:searchStatus").routeId("search-status")
                .process(e -> e.getMessage().setBody(search.status(lag.waiting())));

        from("direct:searchDeadLetters").routeId("search-dead-letters")
                .process(e -> e.getMessage().setBody(search.deadLetters(Paging.page(e), Paging.size(e))));
    }

    /** Around a point (lat and long), in a city, or both; the contract checks each parameter, this their mix. */
    static SearchQuery query(Exchange e, double defaultDeliveryRadiusKm) {
        Message m = e.getMessage();
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
        List<Problem.FieldError> errors = new ArrayList<>();
        for (String coordinate : List.of("lat", "long")) {
            if (pointSent && !present(m, coordinate)) {
                errors.add(new Problem.FieldError(coordinate, "is required"));
            }
        }
        if (hasCity && SearchText.normalize(city).isEmpty()) {
            errors.add(new Problem.FieldError("city", "must contain letters or digits"));
        }
        SortBy sortBy = Optional.ofNullable(Edge.enumParam(e, "sort_by", SortBy.class)).orElse(SortBy.RELEVANCE);
        if (!pointSent && sortBy.needsPoint()) {
            errors.add(new Problem.FieldError("sort_by", "distance and delivery_time need lat and long"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        String text = m.getHeader("query", String.class);
        boolean veg = "true".equals(m.getHeader("veg", String.class));
        int page = Paging.intParam(e, "page", 0, 0, 200);
        int size = Paging.intParam(e, "size", 20, 1, MAX_SIZE);
        if (!pointSent) {
            return SearchQuery.inCity(city, SearchText.tokens(text), sortBy, veg, page, size);
        }
        Double radius = number(m, "radius");
        return new SearchQuery(number(m, "lat"), number(m, "long"), radius == null ? DEFAULT_RADIUS_KM : radius,
                SearchText.tokens(text), sortBy, veg, page, size, hasCity ? city : null, defaultDeliveryRadiusKm);
    }

    private static boolean present(Message m, String name) {
        String raw = m.getHeader(name, String.class);
        return raw != null && !raw.isBlank();
    }

    private static Double number(Message m, String name) {
        return present(m, name) ? JsonLimits.decimal(m.getHeader(name, String.class)).doubleValue() : null;
    }
}
