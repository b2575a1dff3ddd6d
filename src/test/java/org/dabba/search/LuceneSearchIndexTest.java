package org.dabba.search;

import java.nio.file.Files;

/** The search contract on the embedded Lucene engine. */
class LuceneSearchIndexTest extends SearchIndexContract {

    @Override
    protected SearchIndex newIndex() throws Exception {
        return new LuceneSearchIndex(Files.createTempDirectory("dabba-lucene-test"));
    }

    @Override
    protected void close(SearchIndex index) throws Exception {
        ((LuceneSearchIndex) index).close();
    }
}
