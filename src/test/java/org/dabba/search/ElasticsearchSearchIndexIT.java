package org.dabba.search;

import java.io.IOException;
import java.util.UUID;
import org.apache.http.HttpHost;
import org.dabba.testing.ElasticsearchNode;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The search contract on a real Elasticsearch 8.19 node. */
class ElasticsearchSearchIndexIT extends SearchIndexContract {

    private static RestClient client;
    private String alias;

    @BeforeAll
    static void connect() {
        client = RestClient.builder(HttpHost.create(ElasticsearchNode.shared().url())).build();
    }

    @AfterAll
    static void disconnect() throws IOException {
        client.close();
    }

    @Override
    protected SearchIndex newIndex() {
        alias = "it-" + UUID.randomUUID();
        return new ElasticsearchSearchIndex(client, alias);
    }

    @Override
    protected void close(SearchIndex index) throws IOException {
        deleteIndices(client, alias);
    }

    /** Deletes every index of the alias by name (Elasticsearch 8 refuses wildcard deletes). */
    static void deleteIndices(RestClient client, String alias) throws IOException {
        Request indices = new Request("GET", "/_cat/indices/" + alias + "-v*?h=index");
        String names = new String(client.performRequest(indices).getEntity().getContent().readAllBytes()).strip()
                .replaceAll("\\s+", ",");
        if (!names.isEmpty()) {
            client.performRequest(new Request("DELETE", "/" + names));
        }
    }
}
