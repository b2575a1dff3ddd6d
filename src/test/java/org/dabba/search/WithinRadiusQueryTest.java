package org.dabba.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LatLonDocValuesField;
import org.apache.lucene.document.LatLonPoint;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

/** Our radius query must find exactly what Lucene's own distance query finds, edge points included. */
class WithinRadiusQueryTest {

    @Test
    void findsExactlyWhatLucenesDistanceQueryFinds() throws Exception {
        Random random = new Random(3);
        try (ByteBuffersDirectory dir = new ByteBuffersDirectory()) {
            try (IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig())) {
                for (int i = 0; i < 20_000; i++) {
                    // a city around Hyderabad, plus points near the date line and a pole
                    double[] centre = i % 10 == 0 ? new double[] { 0, 179.99 } : i % 10 == 1
                            ? new double[] { 89.9, 10 } : new double[] { 17.4, 78.45 };
                    Document doc = new Document();
                    double lat = Math.max(-90, Math.min(90, centre[0] + random.nextGaussian() * 0.1));
                    double lon = centre[1] + random.nextGaussian() * 0.1;
                    lon = lon > 180 ? lon - 360 : lon;
                    doc.add(new LatLonPoint("location", lat, lon));
                    doc.add(new LatLonDocValuesField("location", lat, lon));
                    doc.add(new StringField("tag", i % 3 == 0 ? "rare" : "common", Field.Store.NO));
                    writer.addDocument(doc);
                }
            }
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                int nonEmpty = 0;
                for (int q = 0; q < 300; q++) {
                    double[] centre = q % 3 == 0 ? new double[] { 0, 179.99 } : q % 3 == 1
                            ? new double[] { 89.9, 10 } : new double[] { 17.4, 78.45 };
                    double lat = Math.max(-90, Math.min(90, centre[0] + random.nextGaussian() * 0.05));
                    double lon = centre[1] + random.nextGaussian() * 0.05;
                    lon = lon > 180 ? lon - 360 : lon;
                    double meters = 100 + random.nextDouble() * 25_000;
                    Query tagged = new TermQuery(new Term("tag", q % 2 == 0 ? "rare" : "common"));
                    Set<Integer> expected = ids(searcher, and(tagged,
                            LatLonPoint.newDistanceQuery("location", lat, lon, meters)));
                    Set<Integer> actual = ids(searcher, and(tagged, WithinRadiusQuery.of("location", lat, lon, meters)));
                    assertEquals(expected, actual, "lat " + lat + " lon " + lon + " radius " + meters);
                    nonEmpty += expected.isEmpty() ? 0 : 1;
                }
                assertTrue(nonEmpty > 200, "the queries should mostly find something");
            }
        }
    }

    private static Query and(Query a, Query b) {
        return new BooleanQuery.Builder().add(a, Occur.FILTER).add(b, Occur.FILTER).build();
    }

    private static Set<Integer> ids(IndexSearcher searcher, Query query) throws Exception {
        Set<Integer> ids = new HashSet<>();
        for (ScoreDoc hit : searcher.search(query, Integer.MAX_VALUE).scoreDocs) {
            ids.add(hit.doc);
        }
        return ids;
    }
}
