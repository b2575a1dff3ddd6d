package org.dabba.search;

import org.dabba.testing.ElasticsearchNode;

/** The search contract on a real Elasticsearch 8.19 node. */
class ElasticsearchSearchIndexIT extends RemoteSearchIndexContract {

    @Override
    protected String nodeUrl() {
        return ElasticsearchNode.shared().url();
    }
}
