package org.dabba.search;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link SearchQuery} in the query DSL of Elasticsearch and OpenSearch, without scripts. It mirrors
 * {@link LuceneQueries} clause for clause and the boosts of {@link Ranking} are function_score functions, so
 * scores equal Lucene's up to float rounding (see {@link #LEGACY_BM25}).
 */
final class ElasticsearchQueries {

    /**
     * Both engines score with LegacyBM25Similarity, which multiplies every term score by {@code 1 + k1}
     * (k1 = 1.2), unlike Lucene 9's BM25Similarity: the rest of the score is multiplied by it too and hit scores
     * divided by it. The term boosts stay Lucene's: dividing them would change Lucene's rewritten query.
     */
    private static final double LEGACY_BM25 = 1 + 1.2;
    /** Name of the relevance query when another score sorts (delivery time), to read its score back. */
    private static final String RELEVANCE = "relevance";
    /** Delivery-time sort: prep minutes above this all rank as this (the API caps prep at 240). */
    private static final int MAX_PREP_MINUTES = 1000;

    private ElasticsearchQueries() {
    }

    /** One page, with the dishes only for a query with text. */
    static Map<String, Object> search(SearchQuery q, double minutesPerKm) {
        return obj("query", q.order() == SearchQuery.SortBy.DELIVERY_TIME ? deliveryTime(q, minutesPerKm)
                        : relevance(q, null),
                "sort", sort(q), "track_scores", true, "track_total_hits", true,
                "from", q.page() * q.size(), "size", q.size(), "_source", q.hasText() ? List.of("document")
                        : obj("includes", List.of("document"), "excludes", List.of("document.menu_items")));
    }

    /** The engine's log1p is log10(1 + x) and its gauss decay^((d/scale)²): exactly {@link Ranking}'s boosts. */
    private static Map<String, Object> relevance(SearchQuery q, String name) {
        List<Object> filter = new ArrayList<>();
        if (q.hasPoint()) {
            filter.add(deliveryArea(q));
        }
        if (q.cityKey() != null) {
            filter.add(obj("term", obj("city", q.cityKey())));
        }
        if (q.vegOnly()) {
            filter.add(obj("term", obj("pure_veg", true)));
        }
        List<Object> must = new ArrayList<>();
        if (!q.hasText()) {
            // Scores 1, like Lucene's ConstantScoreQuery(MatchAllDocsQuery).
            must.add(obj("match_all", obj("boost", LEGACY_BM25)));
        }
        for (String token : q.tokens()) {
            // term and fuzzy, not match: no query-time analysis, the very TermQuery and FuzzyQuery
            // (transpositions on, 50 expansions, blended-frequency rewrite) that Lucene runs.
            must.add(obj("bool", obj("should", List.of(
                    obj("term", obj("name", obj("value", token, "boost", Ranking.NAME_EXACT))),
                    obj("fuzzy", obj("name", fuzzy(token, Ranking.NAME_FUZZY))),
                    obj("term", obj("text", obj("value", token, "boost", Ranking.TEXT_EXACT))),
                    obj("fuzzy", obj("text", fuzzy(token, Ranking.TEXT_FUZZY)))))));
        }
        List<Object> functions = new ArrayList<>(List.of(
                obj("filter", obj("term", obj("is_open", true)), "weight", Ranking.OPEN_BOOST * LEGACY_BM25),
                obj("field_value_factor", obj("field", "rating", "missing", 0),
                        "weight", Ranking.RATING_FACTOR * LEGACY_BM25),
                obj("field_value_factor", obj("field", "popularity_score", "modifier", "log1p", "missing", 0),
                        "weight", Ranking.POPULARITY_FACTOR * LEGACY_BM25)));
        if (q.hasPoint()) {
            functions.add(obj("gauss", obj("location", obj("origin", origin(q), "scale", meters(q.radiusKm() / 2),
                    "decay", 0.5)), "weight", Ranking.DISTANCE_WEIGHT * LEGACY_BM25));
        }
        return obj("function_score", obj(
                "query", obj("bool", obj("filter", filter, "must", must)),
                "functions", functions,
                "score_mode", "sum", "boost_mode", "sum", "_name", name));
    }

    /**
     * Within the query's radius and the restaurant's delivery area (d ≤ its {@code delivery_radius_km}, or the
     * default). Without scripts that comparison is a score and a min_score: with {@code s = 2·radius}, a linear
     * decay of weight s scores {@code s - d} and the radius adds {@code r}, so {@code s - d + r ≥ s} exactly when
     * {@code d ≤ r}, to float precision. Both distances are the engine's arc distance (Lucene's haversine).
     */
    private static Map<String, Object> deliveryArea(SearchQuery q) {
        double span = 2 * q.radiusKm();
        return obj("function_score", obj(
                "query", obj("geo_distance", obj("distance", meters(q.radiusKm()), "distance_type", "arc",
                        "location", origin(q))),
                "functions", List.of(
                        obj("linear", obj("location", obj("origin", origin(q), "scale", meters(span / 2),
                                "decay", 0.5)), "weight", span),
                        obj("field_value_factor", obj("field", "delivery_radius_km",
                                "missing", q.defaultDeliveryRadiusKm()))),
                "score_mode", "sum", "boost_mode", "replace", "min_score", span));
    }

    private static Map<String, Object> fuzzy(String token, float boost) {
        return obj("value", token, "fuzziness", SearchText.allowedEdits(token), "prefix_length", Ranking.FUZZY_PREFIX,
                "boost", boost);
    }

    /**
     * Without scripts delivery time (prep + m·km) cannot be a sort field, so it becomes the score, reversed:
     * linear decays score {@code MAX_PREP - prep} and {@code 2m·r - m·km}. The named relevance query still
     * selects the hits and yields their relevance score.
     */
    private static Map<String, Object> deliveryTime(SearchQuery q, double minutesPerKm) {
        return obj("function_score", obj(
                "query", relevance(q, RELEVANCE),
                "functions", List.of(
                        obj("linear", obj("prep_minutes", obj("origin", 0, "scale", MAX_PREP_MINUTES / 2.0,
                                "decay", 0.5)), "weight", MAX_PREP_MINUTES),
                        obj("linear", obj("location", obj("origin", origin(q), "scale", meters(q.radiusKm()),
                                "decay", 0.5)), "weight", 2 * q.radiusKm() * minutesPerKm)),
                "score_mode", "sum", "boost_mode", "replace"));
    }

    private static List<Object> sort(SearchQuery q) {
        Object primary = switch (q.order()) {
            case DISTANCE -> obj("_geo_distance", obj("location", origin(q), "order", "asc", "unit", "km",
                    "distance_type", "arc"));
            case RATING -> obj("rating", "desc");
            case POPULARITY -> obj("popularity_score", "desc");
            case RELEVANCE, DELIVERY_TIME -> "_score";
        };
        return primary.equals("_score") ? List.of("_score") : List.of(primary, "_score");
    }

    /** The hit's relevance score on Lucene's scale: its score, or its named relevance query's. */
    static double relevanceScore(JsonNode hit, boolean named) {
        JsonNode score = named ? hit.path("matched_queries").path(RELEVANCE) : hit.path("_score");
        return score.isNumber() ? score.asDouble() / LEGACY_BM25 : Double.NaN;
    }

    private static Map<String, Object> origin(SearchQuery q) {
        return obj("lat", q.lat(), "lon", q.lon());
    }

    /** Plain decimal meters ("7000.0m", never "7E3m"), the same double the engine parses back. */
    private static String meters(double km) {
        return BigDecimal.valueOf(km * 1000).toPlainString() + "m";
    }

    /** A JSON object literal: keys and values alternating, in order; null values are left out. */
    static Map<String, Object> obj(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                map.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return map;
    }
}
