package org.dabba.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.document.LatLonDocValuesField;
import org.apache.lucene.geo.GeoEncodingUtils;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedNumericDocValues;
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
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.SloppyMath;

/** What a {@link SearchQuery} becomes in Lucene: the query that finds and ranks the hits, and their order. */
final class LuceneQueries {

    /** Fuzzy expansions kept per reader; beyond this many distinct query terms the cache starts afresh. */
    private static final int MAX_CACHED_EXPANSIONS = 10_000;

    /** How a sort by delivery time weighs distance ({@code DeliveryEstimate.minutesPerKm}). */
    private final double minutesPerKm;
    private volatile Expansions expansions;

    LuceneQueries(double minutesPerKm) {
        this.minutesPerKm = minutesPerKm;
    }

    /** The matching restaurants, scored by relevance. */
    Query ranked(SearchQuery q, IndexSearcher searcher) {
        Expansions current = expansions;
        if (current == null || current.searcher().getIndexReader() != searcher.getIndexReader()) {
            current = new Expansions(searcher, new ConcurrentHashMap<>());
            expansions = current;
        }
        return new FunctionScoreQuery(matching(q, current), new PerDocument(q, Double.NaN));
    }

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

    /** The order of a query not sorted by relevance, relevance breaking ties. */
    Sort sort(SearchQuery q) {
        SortField primary = switch (q.order()) {
            case DISTANCE -> LatLonDocValuesField.newDistanceSort("location", q.lat(), q.lon());
            case RATING -> new SortField("rating", SortField.Type.DOUBLE, true);
            case POPULARITY -> new SortField("popularity", SortField.Type.DOUBLE, true);
            case DELIVERY_TIME -> new PerDocument(q, minutesPerKm).getSortField(false);
            case RELEVANCE -> SortField.FIELD_SCORE;
        };
        return new Sort(primary, SortField.FIELD_SCORE);
    }

    /**
     * Fuzzy queries rewritten against one reader, kept until the reader changes: building the automata and
     * walking the term dictionary cost more than the rest of a text query together.
     */
    private record Expansions(IndexSearcher searcher, Map<Query, Query> rewritten) {
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

    /** Per document: the relevance score of {@link SearchIndex}, or, for delivery_time, prep plus travel time. */
    private static final class PerDocument extends DoubleValuesSource {
        final SearchQuery q;
        /** How delivery time weighs distance; NaN for relevance. */
        final double minutesPerKm;

        PerDocument(SearchQuery q, double minutesPerKm) {
            this.q = q;
            this.minutesPerKm = minutesPerKm;
        }

        @Override
        public boolean needsScores() {
            return Double.isNaN(minutesPerKm);
        }

        @Override
        public DoubleValues getValues(LeafReaderContext ctx, DoubleValues scores) throws IOException {
            boolean relevance = needsScores();
            SortedNumericDocValues location = ctx.reader().getSortedNumericDocValues("location");
            NumericDocValues values = ctx.reader().getNumericDocValues(relevance ? "static_boost" : "prep");
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
                        field = relevance ? Double.longBitsToDouble(values.longValue()) : values.longValue();
                    }
                    current = !relevance ? field + km * minutesPerKm
                            : text + field + (q.hasPoint() ? Ranking.distanceBoost(km, q.radiusKm()) : 0);
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
            return Objects.hash(q, minutesPerKm);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PerDocument other && other.q.equals(q)
                    && Double.compare(other.minutesPerKm, minutesPerKm) == 0;
        }

        @Override
        public String toString() {
            return (needsScores() ? "Relevance(" : "DeliveryMinutes(") + q + ")";
        }
    }
}
