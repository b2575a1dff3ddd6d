package org.dabba.search;

import java.io.IOException;
import java.util.UUID;
import org.apache.http.HttpHost;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;

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
