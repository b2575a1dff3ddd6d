package org.dabba.search;

import static org.dabba.platform.Text.blankToNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.http.util.EntityUtils;
import org.dabba.platform.Geo;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

/**
 * Search on Elasticsearch 8.19 or OpenSearch 2.19, through the low-level REST client and the query DSL both
 * answer alike; no scripts (the Elasticsearch distribution here has no painless). The live index is
 * {@code <alias>-v<n>}, found through the alias; a rebuild fills {@code <alias>-v<n+1>} and swaps the alias.
 *
 * <p>The query mirrors {@link LuceneSearchIndex} clause for clause (same analyzer, term and fuzzy queries, one
 * shard so BM25 sees the same statistics) and the boosts of {@link Ranking} are function_score functions, so
 * scores equal Lucene's up to float rounding (see LEGACY_BM25). Versions are the engine's external versions:
 * a stale or duplicate write answers 409 and is dropped.
 *
 * <p>The {@link RestClient} is shared and owned by the caller: {@link #close()} leaves it open.
 */
public class ElasticsearchSearchIndex implements SearchIndex, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
    private static final int CONFLICT = 409, NOT_FOUND = 404;
    /** Name of the relevance query when another score sorts (delivery time), to read its score back. */
    private static final String RELEVANCE = "relevance";
    /**
     * Both engines score BM25 with Lucene's LegacyBM25Similarity, which multiplies every term score by
     * {@code 1 + k1} (k1 = 1.2); Lucene 9's BM25Similarity, which the Lucene adapter uses, no longer does. So
     * the rest of the score is multiplied by it too, and hit scores are divided by it. The term boosts stay
     * Lucene's own: dividing them would change the rewritten query (Lucene drops a boost of exactly 1, as
     * TEXT_FUZZY is, then flattens that fuzzy disjunction into the token's clauses and merges its exact term
     * with the exact-term clause), and with it the scores.
     */
    private static final double LEGACY_BM25 = 1 + 1.2;
    /** Delivery-time sort: prep minutes above this all rank as this (the API caps prep at 240). */
    private static final int MAX_PREP_MINUTES = 1000;

    private static final String INDEX = """
            {"settings": {"number_of_shards": 1, "number_of_replicas": 0,
              "gc_deletes": "1h"},
             "mappings": {"dynamic": "strict", "properties": {
              "restaurant_id": {"type": "keyword"},
              "name": {"type": "text", "analyzer": "standard"},
              "text": {"type": "text", "analyzer": "standard"},
              "location": {"type": "geo_point"},
              "is_open": {"type": "boolean"},
              "rating": {"type": "double"},
              "popularity_score": {"type": "double"},
              "prep_minutes": {"type": "integer"},
              "pure_veg": {"type": "boolean"},
              "version": {"type": "long"},
              "document": {"type": "object", "enabled": false},
              "delivery_radius_km": {"type": "double"},
              "city": {"type": "keyword"}}}}""";
    /** The fields added since the first mapping, put into an older live index at start (adding fields is allowed). */
    private static final String ADDED_FIELDS = """
            {"properties": {
              "delivery_radius_km": {"type": "double"},
              "city": {"type": "keyword"}}}""";
    // 1 shard: BM25 statistics are per shard, and one shard sees them all, as Lucene does. 0 replicas suits
    // one node; replicas (same statistics) can be added with a settings update. gc_deletes: how long a
    // delete's version tombstone keeps older writes out (default 60 s); after it a stale upsert of a removed
    // restaurant would bring it back: an hour covers redelivered events and long rebuilds.

    private final RestClient client;
    /** How a sort by delivery time weighs distance ({@code DeliveryEstimate.minutesPerKm}). */
    private final double minutesPerKm;
    private final String alias;
    private final Pattern indexName;
    /** The index a rebuild is filling, which writes also go to; null when none runs. */
    private volatile String building;

    /** An index at the default travel speed's minutes per km (tests, benchmarks). */
    public ElasticsearchSearchIndex(RestClient client, String alias) {
        this(client, alias, Ranking.MINUTES_PER_KM);
    }

    public ElasticsearchSearchIndex(RestClient client, String alias, double minutesPerKm) {
        this.minutesPerKm = minutesPerKm;
        if (!alias.matches("[a-z0-9][a-z0-9_-]*")) { // what index names allow, and safe in a URL path
            throw new IllegalArgumentException("Not a usable index alias: " + alias);
        }
        this.client = client;
        this.alias = alias;
        this.indexName = Pattern.compile(Pattern.quote(alias) + "-v(\\d+)");
        if (liveIndices().isEmpty()) {
            try {
                create(nextIndex(), true);
            } catch (IllegalStateException e) {
                if (liveIndices().isEmpty()) { // else another instance created it meanwhile
                    throw e;
                }
            }
        }
        // An index created before these fields existed refuses documents carrying them (strict mapping); its
        // documents lack them until a reindex, and searches read them with the default radius and no city.
        send("PUT", "/" + alias + "/_mapping", ADDED_FIELDS);
    }

    // Writes refresh at once (refresh=true), so a write is searchable when it returns, as in Lucene;
    // refresh=wait_for would hold each write up to the 1 s refresh interval. Writes are serialized with
    // rebuild/publish so none misses the index being rebuilt.

    @Override
    public synchronized void upsert(SearchDocument d) {
        index(alias, d);
        if (building != null) {
            index(building, d);
        }
    }

    @Override
    public synchronized void remove(UUID restaurantId, long version) {
        delete(alias, restaurantId, version);
        if (building != null) {
            delete(building, restaurantId, version);
        }
    }

    private void index(String index, SearchDocument d) {
        send("PUT", "/" + index + "/_doc/" + d.restaurantId() + "?refresh=true&version_type=external&version="
                + d.version(), json(source(d)), CONFLICT);
    }

    /** external_gte: a delete at the held version still deletes, as in Lucene (strict external would not). */
    private void delete(String index, UUID restaurantId, long version) {
        send("DELETE", "/" + index + "/_doc/" + restaurantId + "?refresh=true&version_type=external_gte&version="
                + version, null, CONFLICT, NOT_FOUND);
    }

    private static Map<String, Object> source(SearchDocument d) {
        return obj("restaurant_id", d.restaurantId(), "name", d.nameText(), "text", d.allText(),
                "location", obj("lat", d.lat(), "lon", d.lon()), "is_open", d.open(), "rating", d.rating(),
                "popularity_score", d.popularityScore(), "prep_minutes", d.prepMinutes(), "pure_veg", d.pureVeg(),
                "version", d.version(), "document", d, "delivery_radius_km", d.deliveryRadiusKm(),
                "city", blankToNull(SearchText.normalize(d.city())));
    }

    @Override
    public SearchPage search(SearchQuery q) {
        boolean byDeliveryTime = q.sortBy() == SearchQuery.SortBy.DELIVERY_TIME && q.hasPoint();
        Map<String, Object> body = obj("query",
                byDeliveryTime ? deliveryTime(q, minutesPerKm) : relevance(q, null),
                "sort", sort(q), "track_scores", true, "track_total_hits", true,
                "from", q.page() * q.size(), "size", q.size(), "_source", q.hasText() ? List.of("document")
                        : obj("includes", List.of("document"), "excludes", List.of("document.menu_items")));
        JsonNode hits = send("POST", "/" + alias + "/_search"
                + (byDeliveryTime ? "?include_named_queries_score=true" : ""), json(body)).path("hits");
        List<JsonNode> found = new ArrayList<>();
        hits.path("hits").forEach(found::add);
        if (byDeliveryTime) {
            // Equal delivery times go by relevance, as in Lucene. The engine cannot sort by a second score, so
            // this holds within a page; a tie split across two pages keeps the engine's (index) order.
            found.sort(Comparator.comparingDouble((JsonNode h) -> -h.path("_score").asDouble())
                    .thenComparingDouble(h -> -relevanceScore(h, true)));
        }
        List<Hit> result = new ArrayList<>();
        for (JsonNode hit : found) {
            SearchDocument d = read(hit.path("_source").path("document"));
            result.add(new Hit(d, q.hasPoint() ? Geo.distanceKm(q.lat(), q.lon(), d.lat(), d.lon()) : Double.NaN,
                    relevanceScore(hit, byDeliveryTime)));
        }
        return new SearchPage(result, hits.path("total").path("value").asLong());
    }

    /**
     * {@code text + 100·open + 0.4·rating + 0.5·log10(1 + popularity) + 3·0.5^((d / (r/2))²)}, all times
     * {@link #LEGACY_BM25}: the engine's log1p is log10(1 + x) and its gauss decay^((d/scale)²), exactly
     * {@link Ranking#boosts}.
     */
    static Map<String, Object> relevance(SearchQuery q, String name) {
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
                        obj("field_value_factor", obj("field", "popularity_score", "modifier", "log1p",
                                "missing", 0), "weight", Ranking.POPULARITY_FACTOR * LEGACY_BM25)));
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
     * Within the query's radius and the restaurant's delivery area: distance ≤ its {@code delivery_radius_km},
     * or the query's default where it has none. Without scripts, the per-document comparison is a score and a
     * min_score: with {@code s = 2·radius} (km, more than any distance the geo_distance query lets through), a
     * linear decay of weight s scores {@code s·(1 - d/s) = s - d} and the radius adds {@code r}, so
     * {@code s - d + r ≥ s} exactly when {@code d ≤ r}, decided to float precision (millimetres at these sizes).
     * Both distances are the engine's arc distance, the same haversine as Lucene's.
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
     * Without scripts, delivery time (prep + m·km, m minutes per km) cannot be a sort field, so it becomes the
     * score, reversed: linear decays with decay 0.5 score {@code w·(1 - x/(2·scale))}, which gives
     * {@code MAX_PREP - prep} and {@code 2m·r - m·km} (d ≤ r keeps both positive). The relevance query still
     * selects the hits and, named, yields their relevance score.
     */
    static Map<String, Object> deliveryTime(SearchQuery q, double minutesPerKm) {
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
        Object primary = !q.hasPoint() && (q.sortBy() == SearchQuery.SortBy.DISTANCE
                || q.sortBy() == SearchQuery.SortBy.DELIVERY_TIME) ? "_score" : switch (q.sortBy()) {
            case DISTANCE -> obj("_geo_distance", obj("location", origin(q), "order", "asc", "unit", "km",
                    "distance_type", "arc"));
            case RATING -> obj("rating", "desc");
            case POPULARITY -> obj("popularity_score", "desc");
            case RELEVANCE, DELIVERY_TIME -> "_score";
        };
        return primary.equals("_score") ? List.of("_score") : List.of(primary, "_score");
    }

    /** The hit's relevance score on Lucene's scale: its score, or its named relevance query's. */
    private static double relevanceScore(JsonNode hit, boolean named) {
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

    @Override
    public long count() {
        return send("GET", "/" + alias + "/_count", null).path("count").asLong();
    }

    @Override
    public synchronized Rebuild rebuild() {
        if (building != null) {
            throw new IllegalStateException("A rebuild is already running");
        }
        String fresh = nextIndex();
        create(fresh, false);
        building = fresh;
        return new EngineRebuild(fresh);
    }

    private final class EngineRebuild implements Rebuild {
        private final String fresh;

        EngineRebuild(String fresh) {
            this.fresh = fresh;
        }

        /** One _bulk request; external versions keep whatever a concurrent upsert wrote if it is newer. */
        @Override
        public void add(List<SearchDocument> documents) {
            if (documents.isEmpty()) {
                return;
            }
            StringBuilder bulk = new StringBuilder();
            for (SearchDocument d : documents) {
                bulk.append(json(obj("index", obj("_index", fresh, "_id", d.restaurantId(), "version", d.version(),
                        "version_type", "external")))).append('\n').append(json(source(d))).append('\n');
            }
            JsonNode response = send("POST", "/_bulk", bulk.toString());
            if (response.path("errors").asBoolean()) {
                for (JsonNode item : response.path("items")) {
                    JsonNode result = item.path("index");
                    if (result.has("error") && result.path("status").asInt() != CONFLICT) {
                        throw new IllegalStateException("Bulk indexing into " + fresh + " failed: " + result);
                    }
                }
            }
        }

        @Override
        public void publish() {
            synchronized (ElasticsearchSearchIndex.this) {
                send("POST", "/" + fresh + "/_refresh", null);
                List<String> old = liveIndices();
                List<Object> actions = new ArrayList<>();
                old.forEach(index -> actions.add(obj("remove", obj("index", index, "alias", alias))));
                actions.add(obj("add", obj("index", fresh, "alias", alias)));
                send("POST", "/_aliases", json(obj("actions", actions))); // one atomic swap
                building = null;
                if (!old.isEmpty()) {
                    send("DELETE", "/" + String.join(",", old), null, NOT_FOUND);
                }
            }
        }

        @Override
        public void abandon() {
            synchronized (ElasticsearchSearchIndex.this) {
                building = null;
                send("DELETE", "/" + fresh, null, NOT_FOUND);
            }
        }
    }

    /** Leaves the shared {@link RestClient} open, and the indexes as they are. */
    @Override
    public void close() {
    }

    private void create(String index, boolean live) {
        try {
            ObjectNode body = (ObjectNode) JSON.readTree(INDEX);
            if (live) {
                body.putObject("aliases").putObject(alias);
            }
            send("PUT", "/" + index, json(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The indexes named {@code <alias>-v<n>}, each with whether the alias points at it. */
    private Map<String, Boolean> indices() {
        Map<String, Boolean> indices = new LinkedHashMap<>();
        send("GET", "/" + alias + "-v*/_alias", null).properties().forEach(e -> {
            if (indexName.matcher(e.getKey()).matches()) {
                indices.put(e.getKey(), e.getValue().path("aliases").has(alias));
            }
        });
        return indices;
    }

    private List<String> liveIndices() {
        return indices().entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
    }

    /** One past the highest number in use, so a rebuild never reuses a name, even one a crash left behind. */
    private String nextIndex() {
        int highest = indices().keySet().stream().map(indexName::matcher).filter(Matcher::matches)
                .mapToInt(m -> Integer.parseInt(m.group(1))).max().orElse(0);
        return alias + "-v" + (highest + 1);
    }

    /** Sends a request; statuses in {@code ignored} give an empty answer, other errors an exception. */
    private JsonNode send(String method, String endpoint, String body, int... ignored) {
        Request request = new Request(method, endpoint);
        if (body != null) {
            request.setJsonEntity(body);
        }
        try {
            return JSON.readTree(EntityUtils.toString(client.performRequest(request).getEntity()));
        } catch (ResponseException e) {
            int status = e.getResponse().getStatusLine().getStatusCode();
            if (IntStream.of(ignored).anyMatch(s -> s == status)) {
                return JSON.missingNode();
            }
            String answer;
            try {
                answer = EntityUtils.toString(e.getResponse().getEntity());
            } catch (IOException | RuntimeException unreadable) {
                answer = "(unreadable: " + unreadable + ")";
            }
            throw new IllegalStateException(method + " " + endpoint + " answered " + status + ": " + answer, e);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + endpoint + " failed", e);
        }
    }

    private static SearchDocument read(JsonNode document) {
        try {
            return JSON.treeToValue(document, SearchDocument.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable search document: " + document, e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JSON object literal: keys and values alternating, in order; null values are left out. */
    private static Map<String, Object> obj(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                map.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return map;
    }
}
