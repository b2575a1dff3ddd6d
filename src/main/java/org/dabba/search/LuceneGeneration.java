package org.dabba.search;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.type.TypeFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoubleDocValuesField;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LatLonDocValuesField;
import org.apache.lucene.document.LatLonPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DocValuesType;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.IOFunction;
import org.dabba.platform.Json;

/**
 * One Lucene index, {@code <root>/index-<number>}: its writer, near-real-time readers, the versions it holds
 * (tombstones included, so a stale document never replaces a newer one), and its document layout.
 */
final class LuceneGeneration {

    private static final JavaType SUMMARY = TypeFactory.defaultInstance().constructType(SearchDocument.class);
    private static final JavaType DISHES =
            TypeFactory.defaultInstance().constructCollectionType(List.class, SearchDocument.Dish.class);

    final int number;
    final IndexWriter writer;
    final SearcherManager searchers;
    private final Path dir;
    final Map<UUID, Long> versions = new ConcurrentHashMap<>();

    LuceneGeneration(Path root, int number) throws IOException {
        this.number = number;
        this.dir = root.resolve("index-" + number);
        IndexWriterConfig config = new IndexWriterConfig(new StandardAnalyzer(CharArraySet.EMPTY_SET));
        config.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
        this.writer = new IndexWriter(FSDirectory.open(dir), config);
        this.searchers = new SearcherManager(writer, new SearcherFactory() {
            @Override
            public IndexSearcher newSearcher(IndexReader reader, IndexReader previous) {
                IndexSearcher searcher = new IndexSearcher(reader);
                // No query cache: filters around each user's own point are rarely reused.
                searcher.setQueryCache(null);
                return searcher;
            }
        });
    }

    <T> T read(IOFunction<IndexSearcher, T> reading) throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            return reading.apply(searcher);
        } finally {
            try {
                searchers.release(searcher);
            } catch (IOException ignored) {
                // a reader that cannot be released is closed with its generation
            }
        }
    }

    /** False when an older Dabba wrote the index (no summary and menu doc values, or no city). */
    boolean inCurrentLayout() throws IOException {
        return read(searcher -> searcher.getIndexReader().leaves().stream().map(leaf -> leaf.reader().getFieldInfos())
                .anyMatch(fields -> fields.fieldInfo("summary") != null && fields.fieldInfo("menu") != null
                        && fields.fieldInfo("menu").getDocValuesType() == DocValuesType.BINARY
                        && fields.fieldInfo("city") != null));
    }

    void loadVersions() throws IOException {
        read(searcher -> {
            for (LeafReaderContext context : searcher.getIndexReader().leaves()) {
                LeafReader leaf = context.reader();
                StoredFields stored = leaf.storedFields();
                NumericDocValues held = leaf.getNumericDocValues("version");
                for (int doc = 0; doc < leaf.maxDoc(); doc++) {
                    if ((leaf.getLiveDocs() == null || leaf.getLiveDocs().get(doc))
                            && held != null && held.advanceExact(doc)) {
                        versions.put(UUID.fromString(stored.document(doc).get("id")), held.longValue());
                    }
                }
            }
            return null;
        });
    }

    /** Uncommitted, unless the same or a newer version is held; true if written. */
    boolean stage(SearchDocument d) throws IOException {
        Long held = versions.get(d.restaurantId());
        if (held != null && held >= d.version()) {
            return false;
        }
        writer.updateDocument(new Term("id", d.restaurantId().toString()), toLucene(d));
        versions.put(d.restaurantId(), d.version());
        return true;
    }

    /** True if written. */
    boolean write(SearchDocument d) throws IOException {
        if (stage(d)) {
            commit();
            return true;
        }
        return false;
    }

    /** False when a newer version is held (nothing deleted). */
    boolean delete(UUID restaurantId, long version) throws IOException {
        Long held = versions.get(restaurantId);
        if (held != null && held > version) {
            return false;
        }
        writer.deleteDocuments(new Term("id", restaurantId.toString()));
        versions.put(restaurantId, version); // the tombstone: older documents stay out
        commit();
        return true;
    }

    /** Commits and refreshes the readers, so a write is searchable when it returns. */
    void commit() throws IOException {
        writer.commit();
        searchers.maybeRefreshBlocking();
    }

    private static Document toLucene(SearchDocument d) throws IOException {
        Document doc = new Document();
        doc.add(new StringField("id", d.restaurantId().toString(), Field.Store.YES));
        doc.add(new TextField("name", d.nameText(), Field.Store.NO));
        doc.add(new TextField("text", d.allText(), Field.Store.NO));
        doc.add(new LatLonPoint("location", d.lat(), d.lon()));
        doc.add(new LatLonDocValuesField("location", d.lat(), d.lon()));
        doc.add(new DoubleDocValuesField("rating", d.rating()));
        doc.add(new DoubleDocValuesField("popularity", d.popularityScore()));
        doc.add(new NumericDocValuesField("prep", d.prepMinutes()));
        // The query-independent part of the relevance score, computed once here rather than per query and hit.
        doc.add(new DoubleDocValuesField("static_boost", Ranking.staticBoost(d.open(), d.rating(), d.popularityScore())));
        doc.add(new StringField("pure_veg", Boolean.toString(d.pureVeg()), Field.Store.NO));
        doc.add(new NumericDocValuesField("version", d.version()));
        // The restaurant's own delivery radius only: the platform default is applied at query time.
        if (d.deliveryRadiusKm() != null) {
            doc.add(new DoubleDocValuesField("delivery_radius", d.deliveryRadiusKm()));
        }
        if (d.cityKey() != null) {
            doc.add(new StringField("city", d.cityKey(), Field.Store.NO));
        }
        // Doc values, not stored fields (which decompress a whole block per hit); dishes only for text queries.
        ObjectMapper json = Json.mapper();
        doc.add(new BinaryDocValuesField("summary", new BytesRef(json.writeValueAsBytes(d.withMenu(List.of())))));
        doc.add(new BinaryDocValuesField("menu", new BytesRef(json.writeValueAsBytes(d.menuItems()))));
        return doc;
    }

    /** The document a hit shows, with its dishes only when asked. */
    static SearchDocument document(IndexSearcher searcher, int doc, boolean withMenu) throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        int local = doc - leaf.docBase;
        BinaryDocValues summaries = leaf.reader().getBinaryDocValues("summary");
        if (summaries == null || !summaries.advanceExact(local)) {
            // The first layout, whole in one stored field: answered from until the rebuild at start ends.
            return parse(searcher.storedFields().document(doc).getBinaryValue("source"), SUMMARY);
        }
        SearchDocument document = parse(summaries.binaryValue(), SUMMARY);
        BinaryDocValues menus = withMenu ? leaf.reader().getBinaryDocValues("menu") : null;
        return menus != null && menus.advanceExact(local) ? document.withMenu(parse(menus.binaryValue(), DISHES))
                : document;
    }

    private static <T> T parse(BytesRef bytes, JavaType type) throws IOException {
        return Json.mapper().readValue(bytes.bytes, bytes.offset, bytes.length, type);
    }

    void close() throws IOException {
        searchers.close();
        writer.close();
    }

    /** Closes the index and deletes its files. */
    void discard() throws IOException {
        close();
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
