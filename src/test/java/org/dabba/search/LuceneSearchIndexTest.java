package org.dabba.search;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;

/** The search contract on the embedded Lucene engine, and what is particular to it. */
class LuceneSearchIndexTest extends SearchIndexContract {

    @Override
    protected SearchIndex newIndex() throws Exception {
        return new LuceneSearchIndex(Files.createTempDirectory("dabba-lucene-test"));
    }

    @Override
    protected void close(SearchIndex index) throws Exception {
        ((LuceneSearchIndex) index).close();
    }

    @Test
    void anIndexInAnOlderLayoutAsksToBeRebuilt() throws Exception {
        Path root = Files.createTempDirectory("dabba-lucene-old");
        try (IndexWriter writer = new IndexWriter(FSDirectory.open(root.resolve("index-0")),
                new IndexWriterConfig(new StandardAnalyzer()))) {
            Document old = new Document(); // the first layout: the whole document in one stored field
            old.add(new StringField("id", UUID.randomUUID().toString(), Field.Store.YES));
            old.add(new NumericDocValuesField("version", 1));
            writer.addDocument(old);
        }
        try (LuceneSearchIndex index = new LuceneSearchIndex(root)) {
            assertTrue(index.needsRebuild());
        }
        try (LuceneSearchIndex fresh = new LuceneSearchIndex(Files.createTempDirectory("dabba-lucene-new"))) {
            assertFalse(fresh.needsRebuild());
        }
    }

    /** Documents indexed before cities (and delivery radii) were: rebuilt at start to fill them in. */
    @Test
    void anIndexWithoutCitiesAsksToBeRebuilt() throws Exception {
        Path before = Files.createTempDirectory("dabba-lucene-no-cities");
        try (LuceneSearchIndex index = new LuceneSearchIndex(before)) {
            index.upsert(withAreaAndCity(doc("Old Cafe", 1, true, 4, 1, 10, false), null, null));
        }
        try (LuceneSearchIndex index = new LuceneSearchIndex(before)) {
            assertTrue(index.needsRebuild());
        }
        Path now = Files.createTempDirectory("dabba-lucene-cities");
        try (LuceneSearchIndex index = new LuceneSearchIndex(now)) {
            index.upsert(doc("New Cafe", 1, true, 4, 1, 10, false));
        }
        try (LuceneSearchIndex index = new LuceneSearchIndex(now)) {
            assertFalse(index.needsRebuild());
        }
    }
}
