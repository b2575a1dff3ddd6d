package org.dabba.search;

import java.io.IOException;
import java.util.UUID;
import org.apache.http.HttpHost;
import org.dabba.testing.OpenSearchNode;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The search contract on a real OpenSearch 2.19 node. */
class OpenSearchSearchIndexIT extends SearchIndexContract {

    private static RestClient client;
    private String alias;

    @BeforeAll
    static void connect() {
        client = RestClient.builder(HttpHost.create(OpenSearchNode.shared().url())).build();
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
        ElasticsearchSearchIndexIT.deleteIndices(client, alias);
    }
}
