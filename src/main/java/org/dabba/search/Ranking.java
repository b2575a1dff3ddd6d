package org.dabba.search;

/** The ranking function's constants, shared by every engine (see {@link SearchIndex}). */
public final class Ranking {

    public static final double OPEN_BOOST = 100;
    public static final double RATING_FACTOR = 0.4;
    public static final double POPULARITY_FACTOR = 0.5;
    public static final double DISTANCE_WEIGHT = 3;
    /** Field boosts of the text query: name over dishes, exact over fuzzy. */
    public static final float NAME_EXACT = 3, NAME_FUZZY = 2, TEXT_EXACT = 1.5f;
    /** Not exactly 1: Lucene drops a boost of 1 and may then merge clauses whose statistics differ run to run. */
    public static final float TEXT_FUZZY = 0.99f;
    /** Typos are tolerated after the first letter: fuzzy terms must share it (prefix length 1). */
    public static final int FUZZY_PREFIX = 1;
    /**
     * Minutes per km at the default travel speed (20 km/h), for engines built without the setting (tests,
     * benchmarks); the app's come from {@code dabba.delivery.travel-speed-kmh} ({@code DeliveryEstimate}).
     */
    public static final double MINUTES_PER_KM = 3;

    private Ranking() {
    }

    /** The part that does not depend on the query. */
    public static double staticBoost(boolean open, double rating, double popularity) {
        return (open ? OPEN_BOOST : 0) + RATING_FACTOR * rating + POPULARITY_FACTOR * Math.log10(1 + popularity);
    }

    /** Gaussian decay with distance: 1 at the point, 0.5 at half the radius. */
    public static double distanceBoost(double distanceKm, double radiusKm) {
        double x = distanceKm / (radiusKm / 2);
        return DISTANCE_WEIGHT * Math.pow(0.5, x * x);
    }
}
