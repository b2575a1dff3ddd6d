package org.dabba.search;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.DoubleDocValuesField;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LatLonDocValuesField;
import org.apache.lucene.document.LatLonPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.geo.GeoEncodingUtils;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DocValuesType;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.queries.function.FunctionScoreQuery;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.DoubleValues;
import org.apache.lucene.search.DoubleValuesSource;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopFieldCollector;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.SloppyMath;
import org.dabba.platform.Geo;

/**
 * The embedded search engine: an Apache Lucene index in {@code <dir>/index-<n>}, the live one named in
 * {@code <dir>/current}. Writes are serialized and committed one by one (ingestion is not a hot path);
 * searches use near-real-time readers refreshed after each write. Versions (tombstones included) are kept in
 * memory, loaded from the index at start, so a stale document never replaces a newer one.
 */
public class LuceneSearchIndex implements SearchIndex, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
    private static final TypeReference<List<SearchDocument.Dish>> DISHES = new TypeReference<>() {
    };
    /** Fuzzy expansions kept per reader; beyond this many distinct query terms the cache starts afresh. */
    private static final int MAX_CACHED_EXPANSIONS = 10_000;

    private final Path root;
    /** How a sort by delivery time weighs distance ({@code DeliveryEstimate.minutesPerKm}). */
    private final double minutesPerKm;
    private volatile Generation live;
    private volatile Generation building;

    /** One physical index: its writer, its readers and the versions it holds. */
    private static final class Generation {
        final int number;
        final IndexWriter writer;
        final SearcherManager searchers;
        final Map<UUID, Long> versions = new ConcurrentHashMap<>();

        Generation(Path root, int number) throws IOException {
            this.number = number;
            IndexWriterConfig config = new IndexWriterConfig(new StandardAnalyzer(CharArraySet.EMPTY_SET));
            config.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
            this.writer = new IndexWriter(FSDirectory.open(root.resolve("index-" + number)), config);
            this.searchers = new SearcherManager(writer, new SearcherFactory() {
                @Override
                public IndexSearcher newSearcher(IndexReader reader, IndexReader previous) {
                    IndexSearcher searcher = new IndexSearcher(reader);
                    // No query cache: queries are around each user's own point, so a cached filter is
                    // rarely reused, and caching one means evaluating it over the whole index.
                    searcher.setQueryCache(null);
                    return searcher;
                }
            });
        }

        void close() throws IOException {
            searchers.close();
            writer.close();
        }
    }

    /** An index at the default travel speed's minutes per km (tests, benchmarks). */
    public LuceneSearchIndex(Path root) {
        this(root, Ranking.MINUTES_PER_KM);
    }

    public LuceneSearchIndex(Path root, double minutesPerKm) {
        this.root = root;
        this.minutesPerKm = minutesPerKm;
        try {
            Files.createDirectories(root);
            Path current = root.resolve("current");
            int number = Files.exists(current) ? Integer.parseInt(Files.readString(current).strip()) : 0;
            live = new Generation(root, number);
            loadVersions(live);
            outdated = !live.versions.isEmpty() && !inCurrentLayout(live);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the search index in " + root, e);
        }
    }

    /**
     * True when the index was written by an older Dabba, whose documents lack the summary and menu doc values,
     * or the city (and the delivery radius): searches read such documents with the default radius and no city.
     */
    private final boolean outdated;

    @Override
    public boolean needsRebuild() {
        return outdated;
    }

    private static boolean inCurrentLayout(Generation generation) throws IOException {
        IndexSearcher searcher = generation.searchers.acquire();
        try {
            return searcher.getIndexReader().leaves().stream().map(leaf -> leaf.reader().getFieldInfos())
                    .anyMatch(fields -> fields.fieldInfo("summary") != null && fields.fieldInfo("menu") != null
                            && fields.fieldInfo("menu").getDocValuesType() == DocValuesType.BINARY
                            && fields.fieldInfo("city") != null);
        } finally {
            generation.searchers.release(searcher);
        }
    }

    private static void loadVersions(Generation generation) throws IOException {
        IndexSearcher searcher = generation.searchers.acquire();
        try {
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                StoredFields stored = leaf.reader().storedFields();
                NumericDocValues versions = leaf.reader().getNumericDocValues("version");
                for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
                    if ((leaf.reader().getLiveDocs() == null || leaf.reader().getLiveDocs().get(doc))
                            && versions != null && versions.advanceExact(doc)) {
                        generation.versions.put(UUID.fromString(stored.document(doc).get("id")), versions.longValue());
                    }
                }
            }
        } finally {
            generation.searchers.release(searcher);
        }
    }

    @Override
    public synchronized void upsert(SearchDocument document) {
        write(live, document);
        if (building != null) {
            write(building, document);
        }
    }

    @Override
    public synchronized void remove(UUID restaurantId, long version) {
        delete(live, restaurantId, version);
        if (building != null) {
            delete(building, restaurantId, version);
        }
    }

    private static void write(Generation g, SearchDocument d) {
        Long held = g.versions.get(d.restaurantId());
        if (held != null && held >= d.version()) {
            return;
        }
        try {
            g.writer.updateDocument(new Term("id", d.restaurantId().toString()), toLucene(d));
            g.versions.put(d.restaurantId(), d.version());
            g.writer.commit();
            g.searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Generation g, UUID restaurantId, long version) {
        Long held = g.versions.get(restaurantId);
        if (held != null && held > version) {
            return;
        }
        try {
            g.writer.deleteDocuments(new Term("id", restaurantId.toString()));
            g.versions.put(restaurantId, version); // the tombstone: older documents stay out
            g.writer.commit();
            g.searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        String city = SearchText.normalize(d.city());
        if (!city.isEmpty()) {
            doc.add(new StringField("city", city, Field.Store.NO));
        }
        // What a hit shows is read as doc values, byte slices of a memory-mapped file: stored fields would
        // decompress a whole block of documents per hit. The dishes are read only for text queries, which
        // name the dishes that matched.
        doc.add(new BinaryDocValuesField("summary", new BytesRef(JSON.writeValueAsBytes(d.withoutMenu()))));
        doc.add(new BinaryDocValuesField("menu", new BytesRef(JSON.writeValueAsBytes(d.menuItems()))));
        return doc;
    }

    @Override
    public SearchPage search(SearchQuery q) {
        Generation g = live;
        IndexSearcher searcher;
        try {
            searcher = g.searchers.acquire();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Query ranked = new FunctionScoreQuery(matching(q, expansionsFor(searcher)), new Relevance(q));
            int wanted = (q.page() + 1) * q.size();
            // One pass that ranks and counts: every match is scored anyway, so exact totals cost nothing extra.
            TopDocs top = q.sortBy() == SearchQuery.SortBy.RELEVANCE
                    ? searcher.search(ranked, new TopScoreDocCollectorManager(wanted, null, Integer.MAX_VALUE, false))
                    : searcher.search(ranked, new TopFieldCollectorManager(sort(q, minutesPerKm), wanted, null,
                            Integer.MAX_VALUE, false));
            if (q.sortBy() != SearchQuery.SortBy.RELEVANCE) {
                TopFieldCollector.populateScores(top.scoreDocs, searcher, ranked);
            }
            List<Hit> hits = new ArrayList<>();
            List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
            for (int i = q.page() * q.size(); i < top.scoreDocs.length; i++) {
                ScoreDoc scoreDoc = top.scoreDocs[i];
                LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(scoreDoc.doc, leaves));
                BinaryDocValues summaries = leaf.reader().getBinaryDocValues("summary");
                SearchDocument document;
                if (summaries != null && summaries.advanceExact(scoreDoc.doc - leaf.docBase)) {
                    BytesRef summary = summaries.binaryValue();
                    document = JSON.readValue(summary.bytes, summary.offset, summary.length, SearchDocument.class);
                } else {
                    // The first layout, whole in one stored field: answered from until the rebuild at start ends.
                    BytesRef source = searcher.storedFields().document(scoreDoc.doc).getBinaryValue("source");
                    hits.add(hit(q, JSON.readValue(source.bytes, source.offset, source.length, SearchDocument.class),
                            scoreDoc));
                    continue;
                }
                BinaryDocValues menus = q.hasText() ? leaf.reader().getBinaryDocValues("menu") : null;
                if (menus != null && menus.advanceExact(scoreDoc.doc - leaf.docBase)) {
                    BytesRef menu = menus.binaryValue();
                    document = document.withMenu(JSON.readValue(menu.bytes, menu.offset, menu.length, DISHES));
                }
                hits.add(hit(q, document, scoreDoc));
            }
            return new SearchPage(hits, top.totalHits.value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                g.searchers.release(searcher);
            } catch (IOException ignored) {
                // a reader that cannot be released is closed with its generation
            }
        }
    }

    private static Hit hit(SearchQuery q, SearchDocument document, ScoreDoc scoreDoc) {
        return new Hit(document, q.hasPoint() ? Geo.distanceKm(q.lat(), q.lon(), document.lat(), document.lon())
                : Double.NaN, scoreDoc.score);
    }

    /**
     * Fuzzy queries rewritten against one reader, kept for the next query: building a term's Levenshtein
     * automaton and walking the term dictionary with it cost more than the rest of a text query together,
     * and the answer only changes when the reader does (the rewrite is the very one Lucene would run).
     */
    private static final class Expansions {
        final IndexSearcher searcher;
        final Map<Query, Query> rewritten = new ConcurrentHashMap<>();

        Expansions(IndexSearcher searcher) {
            this.searcher = searcher;
        }

        Query of(FuzzyQuery fuzzy) {
            Query cached = rewritten.get(fuzzy);
            if (cached == null) {
                if (rewritten.size() >= MAX_CACHED_EXPANSIONS) {
                    rewritten.clear();
                }
                try {
                    cached = searcher.rewrite(fuzzy);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                rewritten.put(fuzzy, cached);
            }
            return cached;
        }
    }

    private volatile Expansions expansions;

    private Expansions expansionsFor(IndexSearcher searcher) {
        Expansions current = expansions;
        if (current == null || current.searcher.getIndexReader() != searcher.getIndexReader()) {
            current = new Expansions(searcher);
            expansions = current;
        }
        return current;
    }

    /**
     * Within the radius and the restaurant's delivery area (with a point), in the city (if asked), pure-veg if
     * asked, and every query token in the name or the rest of the text.
     */
    private static Query matching(SearchQuery q, Expansions expansions) {
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        if (q.hasPoint()) {
            query.add(WithinRadiusQuery.of("location", q.lat(), q.lon(), q.radiusKm() * 1000, "delivery_radius",
                    q.defaultDeliveryRadiusKm() * 1000), Occur.FILTER);
        }
        if (q.cityKey() != null) {
            query.add(new TermQuery(new Term("city", q.cityKey())), Occur.FILTER);
        }
        if (q.vegOnly()) {
            query.add(new TermQuery(new Term("pure_veg", "true")), Occur.FILTER);
        }
        if (!q.hasText()) {
            query.add(new ConstantScoreQuery(new MatchAllDocsQuery()), Occur.MUST);
        }
        for (String token : q.tokens()) {
            int edits = SearchText.allowedEdits(token);
            query.add(new BooleanQuery.Builder()
                    .add(new BoostQuery(new TermQuery(new Term("name", token)), Ranking.NAME_EXACT), Occur.SHOULD)
                    .add(new BoostQuery(expansions.of(new FuzzyQuery(new Term("name", token), edits, Ranking.FUZZY_PREFIX)), Ranking.NAME_FUZZY), Occur.SHOULD)
                    .add(new BoostQuery(new TermQuery(new Term("text", token)), Ranking.TEXT_EXACT), Occur.SHOULD)
                    .add(new BoostQuery(expansions.of(new FuzzyQuery(new Term("text", token), edits, Ranking.FUZZY_PREFIX)), Ranking.TEXT_FUZZY), Occur.SHOULD)
                    .build(), Occur.MUST);
        }
        return query.build();
    }

    private static Sort sort(SearchQuery q, double minutesPerKm) {
        SortField primary = switch (q.sortBy()) {
            case DISTANCE -> !q.hasPoint() ? SortField.FIELD_SCORE // no point, no distance (the API refuses it)
                    : LatLonDocValuesField.newDistanceSort("location", q.lat(), q.lon());
            case RATING -> new SortField("rating", SortField.Type.DOUBLE, true);
            case POPULARITY -> new SortField("popularity", SortField.Type.DOUBLE, true);
            case DELIVERY_TIME -> !q.hasPoint() ? SortField.FIELD_SCORE
                    : new DeliveryMinutes(q, minutesPerKm).getSortField(false);
            case RELEVANCE -> SortField.FIELD_SCORE;
        };
        return new Sort(primary, SortField.FIELD_SCORE);
    }

    /** Per-document values the ranking reads: location, and the fields of {@code fields}. */
    private abstract static class PerDocument extends DoubleValuesSource {
        final SearchQuery q;

        PerDocument(SearchQuery q) {
            this.q = q;
        }

        /** @param field the per-document number this value needs besides distance and text */
        abstract String field();

        abstract double value(double text, double field, double km);

        @Override
        public DoubleValues getValues(LeafReaderContext ctx, DoubleValues scores) throws IOException {
            SortedNumericDocValues location = ctx.reader().getSortedNumericDocValues("location");
            NumericDocValues values = ctx.reader().getNumericDocValues(field());
            boolean doubles = !field().equals("prep");
            return new DoubleValues() {
                double current;

                @Override
                public double doubleValue() {
                    return current;
                }

                @Override
                public boolean advanceExact(int doc) throws IOException {
                    if (location == null || !location.advanceExact(doc)) {
                        return false;
                    }
                    long encoded = location.nextValue();
                    // Lucene's fast haversine (what its distance sort uses): ranking need not be exact to the mm.
                    double km = SloppyMath.haversinMeters(q.lat(), q.lon(),
                            GeoEncodingUtils.decodeLatitude((int) (encoded >> 32)),
                            GeoEncodingUtils.decodeLongitude((int) encoded)) / 1000;
                    double text = scores != null && scores.advanceExact(doc) ? scores.doubleValue() : 0;
                    double field = 0;
                    if (values != null && values.advanceExact(doc)) {
                        field = doubles ? Double.longBitsToDouble(values.longValue()) : values.longValue();
                    }
                    current = value(text, field, km);
                    return true;
                }
            };
        }

        @Override
        public boolean isCacheable(LeafReaderContext ctx) {
            return false;
        }

        @Override
        public DoubleValuesSource rewrite(IndexSearcher searcher) {
            return this;
        }

        @Override
        public int hashCode() {
            return Objects.hash(getClass(), q);
        }

        @Override
        public boolean equals(Object o) {
            return o != null && o.getClass() == getClass() && ((PerDocument) o).q.equals(q);
        }

        @Override
        public String toString() {
            return getClass().getSimpleName() + "(" + q + ")";
        }
    }

    /** The relevance score of {@link SearchIndex}: text plus the boosts of {@link Ranking}. */
    private static final class Relevance extends PerDocument {
        Relevance(SearchQuery q) {
            super(q);
        }

        @Override
        String field() {
            return "static_boost";
        }

        @Override
        double value(double text, double staticBoost, double km) {
            return text + staticBoost + (q.hasPoint() ? Ranking.distanceBoost(km, q.radiusKm()) : 0);
        }

        @Override
        public boolean needsScores() {
            return true;
        }
    }

    /** Preparation plus travel time, continuous, for sort_by=delivery_time. */
    private static final class DeliveryMinutes extends PerDocument {
        private final double minutesPerKm;

        DeliveryMinutes(SearchQuery q, double minutesPerKm) {
            super(q);
            this.minutesPerKm = minutesPerKm;
        }

        @Override
        String field() {
            return "prep";
        }

        @Override
        double value(double text, double prep, double km) {
            return prep + km * minutesPerKm;
        }

        @Override
        public boolean needsScores() {
            return false;
        }
    }

    @Override
    public long count() {
        try {
            IndexSearcher searcher = live.searchers.acquire();
            try {
                return searcher.getIndexReader().numDocs();
            } finally {
                live.searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized Rebuild rebuild() {
        if (building != null) {
            throw new IllegalStateException("A rebuild is already running");
        }
        try {
            Generation fresh = new Generation(root, live.number + 1);
            fresh.writer.deleteAll();
            building = fresh;
            return new LuceneRebuild(fresh);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final class LuceneRebuild implements Rebuild {
        private final Generation fresh;

        LuceneRebuild(Generation fresh) {
            this.fresh = fresh;
        }

        @Override
        public void add(List<SearchDocument> documents) {
            synchronized (LuceneSearchIndex.this) {
                try {
                    for (SearchDocument d : documents) {
                        Long held = fresh.versions.get(d.restaurantId());
                        if (held == null || held < d.version()) {
                            fresh.writer.updateDocument(new Term("id", d.restaurantId().toString()), toLucene(d));
                            fresh.versions.put(d.restaurantId(), d.version());
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        @Override
        public void publish() {
            synchronized (LuceneSearchIndex.this) {
                try {
                    fresh.writer.commit();
                    fresh.searchers.maybeRefreshBlocking();
                    Path pointer = root.resolve("current.tmp");
                    Files.writeString(pointer, Integer.toString(fresh.number), StandardCharsets.UTF_8);
                    Files.move(pointer, root.resolve("current"), StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                    Generation old = live;
                    live = fresh;
                    building = null;
                    old.close();
                    deleteTree(root.resolve("index-" + old.number));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        @Override
        public void abandon() {
            synchronized (LuceneSearchIndex.this) {
                try {
                    building = null;
                    fresh.close();
                    deleteTree(root.resolve("index-" + fresh.number));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (building != null) {
            building.close();
        }
        live.close();
    }

}
