package org.dabba.search;

import org.dabba.testing.OpenSearchNode;

/** The search contract on a real OpenSearch 2.19 node. */
class OpenSearchSearchIndexIT extends RemoteSearchIndexContract {

    @Override
    protected String nodeUrl() {
        return OpenSearchNode.shared().url();
    }
}
