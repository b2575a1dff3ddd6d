package org.dabba.search;

import java.io.IOException;
import java.util.Objects;
import org.apache.lucene.document.LatLonDocValuesField;
import org.apache.lucene.document.LatLonPoint;
import org.apache.lucene.geo.GeoEncodingUtils;
import org.apache.lucene.geo.GeoUtils;
import org.apache.lucene.geo.Rectangle;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.ConstantScoreScorer;
import org.apache.lucene.search.ConstantScoreWeight;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexOrDocValuesQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TwoPhaseIterator;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.SloppyMath;

/**
 * The documents whose {@code location} lies within a great-circle radius: the circle's bounding box from the
 * points index (or from doc values when a selective text query leads), then each candidate's exact distance
 * check, the very test Lucene's own distance query applies to the points it cannot decide by cell. Lucene's
 * {@code newDistanceQuery} would give the same answers, but it first builds a 64×64 grid of the circle for
 * every query, which cost more than the rest of a search here.
 */
final class WithinRadiusQuery extends Query {

    private final String field;
    private final double lat;
    private final double lon;
    private final double meters;

    private WithinRadiusQuery(String field, double lat, double lon, double meters) {
        this.field = field;
        this.lat = lat;
        this.lon = lon;
        this.meters = meters;
    }

    /** The query for a field indexed both as {@link LatLonPoint} and {@link LatLonDocValuesField}. */
    static Query of(String field, double lat, double lon, double meters) {
        Rectangle box = Rectangle.fromPointDistance(lat, lon, meters);
        Query inBox = new IndexOrDocValuesQuery(
                LatLonPoint.newBoxQuery(field, box.minLat, box.maxLat, box.minLon, box.maxLon),
                LatLonDocValuesField.newSlowBoxQuery(field, box.minLat, box.maxLat, box.minLon, box.maxLon));
        return new BooleanQuery.Builder()
                .add(inBox, Occur.FILTER)
                .add(new WithinRadiusQuery(field, lat, lon, meters), Occur.FILTER)
                .build();
    }

    @Override
    public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) {
        double sortKeyLimit = GeoUtils.distanceQuerySortKey(meters);
        return new ConstantScoreWeight(this, boost) {
            @Override
            public Scorer scorer(LeafReaderContext context) throws IOException {
                SortedNumericDocValues locations = DocValues.getSortedNumeric(context.reader(), field);
                DocIdSetIterator all = DocIdSetIterator.all(context.reader().maxDoc());
                TwoPhaseIterator within = new TwoPhaseIterator(all) {
                    @Override
                    public boolean matches() throws IOException {
                        if (!locations.advanceExact(all.docID())) {
                            return false;
                        }
                        long encoded = locations.nextValue();
                        return SloppyMath.haversinSortKey(lat, lon,
                                GeoEncodingUtils.decodeLatitude((int) (encoded >> 32)),
                                GeoEncodingUtils.decodeLongitude((int) encoded)) <= sortKeyLimit;
                    }

                    @Override
                    public float matchCost() {
                        return 40; // a doc-values read and a few trigonometric operations
                    }
                };
                return new ConstantScoreScorer(this, score(), scoreMode, within);
            }

            @Override
            public boolean isCacheable(LeafReaderContext ctx) {
                return false; // one user's circle: caching it would evaluate it over the whole segment
            }
        };
    }

    @Override
    public void visit(QueryVisitor visitor) {
        if (visitor.acceptField(field)) {
            visitor.visitLeaf(this);
        }
    }

    @Override
    public String toString(String f) {
        return "within(" + field + ", " + lat + ", " + lon + ", " + meters + " m)";
    }

    @Override
    public boolean equals(Object o) {
        return sameClassAs(o) && ((WithinRadiusQuery) o).field.equals(field) && ((WithinRadiusQuery) o).lat == lat
                && ((WithinRadiusQuery) o).lon == lon && ((WithinRadiusQuery) o).meters == meters;
    }

    @Override
    public int hashCode() {
        return Objects.hash(classHash(), field, lat, lon, meters);
    }
}
