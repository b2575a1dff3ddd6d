package org.dabba.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.apache.http.HttpHost;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;

/** The search contract on a real node over REST: a fresh alias per test, its indexes deleted after it. */
abstract class RemoteSearchIndexContract extends SearchIndexContract {

    private RestClient client;
    private String alias;

    /** The node's URL; the node is started once per JVM. */
    protected abstract String nodeUrl();

    @Override
    protected SearchIndex newIndex() {
        client = RestClient.builder(HttpHost.create(nodeUrl())).build();
        alias = "it-" + UUID.randomUUID();
        return new ElasticsearchSearchIndex(client, alias);
    }

    /**
     * An index created before delivery radii and cities: at start the adapter adds the two fields to its strict
     * mapping, so new documents can be written; the old ones are read with the default radius and no city.
     */
    @Test
    void anIndexFromBeforeDeliveryAreasStillAnswersAndTakesNewDocuments() throws IOException {
        String old = "it-old-" + UUID.randomUUID();
        Request create = new Request("PUT", "/" + old + "-v1");
        create.setJsonEntity("""
                {"settings": {"number_of_shards": 1, "number_of_replicas": 0},
                 "aliases": {"%s": {}},
                 "mappings": {"dynamic": "strict", "properties": {
                  "restaurant_id": {"type": "keyword"}, "name": {"type": "text", "analyzer": "standard"},
                  "text": {"type": "text", "analyzer": "standard"}, "location": {"type": "geo_point"},
                  "is_open": {"type": "boolean"}, "rating": {"type": "double"},
                  "popularity_score": {"type": "double"}, "prep_minutes": {"type": "integer"},
                  "pure_veg": {"type": "boolean"}, "version": {"type": "long"},
                  "document": {"type": "object", "enabled": false}}}}""".formatted(old));
        client.performRequest(create);
        try {
            UUID id = UUID.randomUUID();
            double lat = LAT + 400 / KM_PER_DEGREE_OF_LATITUDE;
            Request put = new Request("PUT", "/" + old + "/_doc/" + id + "?refresh=true&version_type=external&version=1");
            put.setJsonEntity("""
                    {"restaurant_id": "%1$s", "name": "old cafe", "text": "old cafe",
                     "location": {"lat": %2$s, "lon": %3$s}, "is_open": true, "rating": 4.0, "popularity_score": 1.0,
                     "prep_minutes": 10, "pure_veg": false, "version": 1,
                     "document": {"restaurant_id": "%1$s", "name": "Old Cafe", "lat": %2$s, "lon": %3$s,
                      "is_open": true, "rating": 4.0, "rating_count": 1, "popularity_score": 1.0, "prep_minutes": 10,
                      "pure_veg": false, "logo_url": null, "keywords": [], "menu_items": [], "version": 1}}"""
                    .formatted(id, lat, LON));
            client.performRequest(put);

            SearchIndex upgraded = new ElasticsearchSearchIndex(client, old);
            double from = lat - 9.99 / KM_PER_DEGREE_OF_LATITUDE;
            SearchIndex.SearchPage near = upgraded.search(new SearchQuery(from, LON, 25, List.of(),
                    SearchQuery.SortBy.RELEVANCE, false, 0, 10, null, 10));
            assertEquals(List.of("Old Cafe"), near.hits().stream().map(h -> h.document().name()).toList());
            assertNull(near.hits().get(0).document().city());
            assertEquals(List.of(), upgraded.search(new SearchQuery(lat - 10.01 / KM_PER_DEGREE_OF_LATITUDE, LON, 25,
                    List.of(), SearchQuery.SortBy.RELEVANCE, false, 0, 10, null, 10)).hits());

            upgraded.upsert(withAreaAndCity(doc("New Cafe", 400, true, 4, 1, 10, false), 3.0, "Hyderabad"));
            assertEquals(List.of("New Cafe"), upgraded.search(SearchQuery.inCity("hyderabad", List.of(),
                    SearchQuery.SortBy.RELEVANCE, false, 0, 10)).hits().stream().map(h -> h.document().name())
                    .toList());
        } finally {
            client.performRequest(new Request("DELETE", "/" + old + "-v1"));
        }
    }

    /** Deletes every index of the alias by name (Elasticsearch 8 refuses wildcard deletes). */
    @Override
    protected void close(SearchIndex index) throws IOException {
        try (RestClient c = client) {
            Request indices = new Request("GET", "/_cat/indices/" + alias + "-v*?h=index");
            String names = new String(c.performRequest(indices).getEntity().getContent().readAllBytes()).strip()
                    .replaceAll("\\s+", ",");
            if (!names.isEmpty()) {
                c.performRequest(new Request("DELETE", "/" + names));
            }
        }
    }
}
