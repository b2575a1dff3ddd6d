package org.dabba.search;

import static org.dabba.search.ElasticsearchQueries.obj;
import static org.dabba.search.ElasticsearchQueries.relevanceScore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import org.dabba.platform.Json;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

/**
 * Search on Elasticsearch 8.19 or OpenSearch 2.19 through the low-level REST client, without scripts. The live
 * index {@code <alias>-v<n>} is found through the alias; a rebuild fills {@code <alias>-v<n+1>} and swaps the
 * alias. Versions are the engine's external versions: a stale or duplicate write answers 409 and is dropped.
 * The {@link RestClient} is owned by the caller: {@link #close()} leaves it open.
 */
public class ElasticsearchSearchIndex implements SearchIndex, AutoCloseable {

    private static final int CONFLICT = 409, NOT_FOUND = 404;
    /**
     * 1 shard: BM25 statistics are per shard, and one sees them all, as Lucene does. gc_deletes: how long a delete's
     * tombstone keeps stale upserts out (default 60 s); an hour covers redelivered events and long rebuilds.
     */
    private static final String INDEX = """
            {"settings": {"number_of_shards": 1, "number_of_replicas": 0, "gc_deletes": "1h"},
             "aliases": {%s},
             "mappings": {"dynamic": "strict", "properties": {
              "restaurant_id": {"type": "keyword"},
              "name": {"type": "text", "analyzer": "standard"}, "text": {"type": "text", "analyzer": "standard"},
              "location": {"type": "geo_point"}, "is_open": {"type": "boolean"}, "rating": {"type": "double"},
              "popularity_score": {"type": "double"}, "prep_minutes": {"type": "integer"},
              "pure_veg": {"type": "boolean"}, "version": {"type": "long"},
              "document": {"type": "object", "enabled": false}, %s}}}""";
    /** The fields added since the first mapping, put into an older live index at start (adding fields is allowed). */
    private static final String ADDED_FIELDS =
            "\"delivery_radius_km\": {\"type\": \"double\"}, \"city\": {\"type\": \"keyword\"}";

    private final RestClient client;
    /** How a sort by delivery time weighs distance ({@code DeliveryEstimate.minutesPerKm}). */
    private final double minutesPerKm;
    private final String alias;
    private final Pattern indexName;
    /** The index a rebuild is filling, which writes also go to; null when none runs. */
    private volatile String building;

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
        // An older index refuses documents with these fields (strict mapping) until they are added.
        send("PUT", "/" + alias + "/_mapping", "{\"properties\": {" + ADDED_FIELDS + "}}");
    }

    /**
     * refresh=true: searchable when it returns, as in Lucene (wait_for would hold each write up to 1 s).
     * Serialized with rebuild/publish so no write misses the index being rebuilt.
     */
    @Override
    public synchronized boolean upsert(SearchDocument d) {
        boolean changed = false;
        for (String index : writable()) {
            boolean written = !send("PUT", "/" + index + "/_doc/" + d.restaurantId()
                    + "?refresh=true&version_type=external&version=" + d.version(), Json.write(source(d)), CONFLICT)
                    .isMissingNode();
            changed |= written && index.equals(alias);
        }
        return changed;
    }

    /** external_gte: a delete at the held version still deletes, as in Lucene (strict external would not). */
    @Override
    public synchronized boolean remove(UUID restaurantId, long version) {
        boolean changed = false;
        for (String index : writable()) {
            boolean deleted = !send("DELETE", "/" + index + "/_doc/" + restaurantId
                    + "?refresh=true&version_type=external_gte&version=" + version, null, CONFLICT, NOT_FOUND)
                    .isMissingNode();
            changed |= deleted && index.equals(alias);
        }
        return changed;
    }

    /** The live index and, while a rebuild runs, the one it fills. */
    private List<String> writable() {
        return building == null ? List.of(alias) : List.of(alias, building);
    }

    private static Map<String, Object> source(SearchDocument d) {
        return obj("restaurant_id", d.restaurantId(), "name", d.nameText(), "text", d.allText(),
                "location", obj("lat", d.lat(), "lon", d.lon()), "is_open", d.open(), "rating", d.rating(),
                "popularity_score", d.popularityScore(), "prep_minutes", d.prepMinutes(), "pure_veg", d.pureVeg(),
                "version", d.version(), "document", d, "delivery_radius_km", d.deliveryRadiusKm(),
                "city", d.cityKey());
    }

    @Override
    public SearchPage search(SearchQuery q) {
        boolean byDeliveryTime = q.order() == SearchQuery.SortBy.DELIVERY_TIME;
        JsonNode hits = send("POST", "/" + alias + "/_search" + (byDeliveryTime ? "?include_named_queries_score=true"
                : ""), Json.write(ElasticsearchQueries.search(q, minutesPerKm))).path("hits");
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
            SearchDocument d = Json.mapper().convertValue(hit.path("_source").path("document"), SearchDocument.class);
            result.add(new Hit(d, q.distanceKm(d), relevanceScore(hit, byDeliveryTime)));
        }
        return new SearchPage(result, hits.path("total").path("value").asLong());
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
        return new Rebuild() {
            /** One _bulk request; external versions keep whatever a concurrent upsert wrote if it is newer. */
            @Override
            public void add(List<SearchDocument> documents) {
                if (documents.isEmpty()) {
                    return;
                }
                StringBuilder bulk = new StringBuilder();
                for (SearchDocument d : documents) {
                    bulk.append(Json.write(obj("index", obj("_index", fresh, "_id", d.restaurantId(),
                            "version", d.version(), "version_type", "external"))))
                            .append('\n').append(Json.write(source(d))).append('\n');
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
                    send("POST", "/_aliases", Json.write(obj("actions", actions))); // one atomic swap
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
        };
    }

    @Override
    public void close() {
    }

    private void create(String index, boolean live) {
        send("PUT", "/" + index, INDEX.formatted(live ? "\"" + alias + "\": {}" : "", ADDED_FIELDS));
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
            return Json.mapper().readTree(EntityUtils.toString(client.performRequest(request).getEntity()));
        } catch (ResponseException e) {
            int status = e.getResponse().getStatusLine().getStatusCode();
            if (IntStream.of(ignored).anyMatch(s -> s == status)) {
                return MissingNode.getInstance();
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
}
