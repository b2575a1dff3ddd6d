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
import org.apache.lucene.index.NumericDocValues;
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
 * The documents whose {@code location} lies within a great-circle radius: the circle's bounding box, then each
 * candidate's exact distance, as Lucene's {@code newDistanceQuery} decides, without the 64×64 grid it builds
 * per query (which cost more than the rest of a search). Optionally also within each document's own radius (a
 * double doc-values field in km, or a default), reusing the distance just computed.
 */
final class WithinRadiusQuery extends Query {

    private final String field;
    private final double lat;
    private final double lon;
    private final double meters;
    /** The field holding each document's own radius in km (a {@code DoubleDocValuesField}), or null. */
    private final String radiusField;
    private final double defaultRadiusMeters;

    private WithinRadiusQuery(String field, double lat, double lon, double meters, String radiusField,
            double defaultRadiusMeters) {
        this.field = field;
        this.lat = lat;
        this.lon = lon;
        this.meters = meters;
        this.radiusField = radiusField;
        this.defaultRadiusMeters = defaultRadiusMeters;
    }

    /** The query for a field indexed both as {@link LatLonPoint} and {@link LatLonDocValuesField}. */
    static Query of(String field, double lat, double lon, double meters) {
        return of(field, lat, lon, meters, null, Double.POSITIVE_INFINITY);
    }

    /** Also within each document's {@code radiusField} (km), or {@code defaultRadiusMeters} without one. */
    static Query of(String field, double lat, double lon, double meters, String radiusField,
            double defaultRadiusMeters) {
        Rectangle box = Rectangle.fromPointDistance(lat, lon, meters);
        Query inBox = new IndexOrDocValuesQuery(
                LatLonPoint.newBoxQuery(field, box.minLat, box.maxLat, box.minLon, box.maxLon),
                LatLonDocValuesField.newSlowBoxQuery(field, box.minLat, box.maxLat, box.minLon, box.maxLon));
        return new BooleanQuery.Builder()
                .add(inBox, Occur.FILTER)
                .add(new WithinRadiusQuery(field, lat, lon, meters, radiusField, defaultRadiusMeters), Occur.FILTER)
                .build();
    }

    @Override
    public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) {
        double sortKeyLimit = GeoUtils.distanceQuerySortKey(meters);
        return new ConstantScoreWeight(this, boost) {
            @Override
            public Scorer scorer(LeafReaderContext context) throws IOException {
                SortedNumericDocValues locations = DocValues.getSortedNumeric(context.reader(), field);
                NumericDocValues radii = radiusField == null ? null : context.reader().getNumericDocValues(radiusField);
                DocIdSetIterator all = DocIdSetIterator.all(context.reader().maxDoc());
                TwoPhaseIterator within = new TwoPhaseIterator(all) {
                    @Override
                    public boolean matches() throws IOException {
                        if (!locations.advanceExact(all.docID())) {
                            return false;
                        }
                        long encoded = locations.nextValue();
                        double sortKey = SloppyMath.haversinSortKey(lat, lon,
                                GeoEncodingUtils.decodeLatitude((int) (encoded >> 32)),
                                GeoEncodingUtils.decodeLongitude((int) encoded));
                        if (sortKey > sortKeyLimit) {
                            return false;
                        }
                        if (radiusField == null) {
                            return true;
                        }
                        double own = radii != null && radii.advanceExact(all.docID())
                                ? Double.longBitsToDouble(radii.longValue()) * 1000 : defaultRadiusMeters;
                        return own >= meters || SloppyMath.haversinMeters(sortKey) <= own;
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
        return "within(" + field + ", " + lat + ", " + lon + ", " + meters + " m"
                + (radiusField == null ? "" : ", and " + radiusField + " or " + defaultRadiusMeters + " m") + ")";
    }

    @Override
    public boolean equals(Object o) {
        return sameClassAs(o) && o instanceof WithinRadiusQuery other && other.field.equals(field)
                && other.lat == lat && other.lon == lon && other.meters == meters
                && Objects.equals(other.radiusField, radiusField) && other.defaultRadiusMeters == defaultRadiusMeters;
    }

    @Override
    public int hashCode() {
        return Objects.hash(classHash(), field, lat, lon, meters, radiusField, defaultRadiusMeters);
    }
}
