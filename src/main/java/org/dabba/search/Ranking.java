package org.dabba.search;

/** The ranking function's constants, shared by every engine (see {@link SearchIndex}). */
public final class Ranking {

    public static final double OPEN_BOOST = 100;
    public static final double RATING_FACTOR = 0.4;
    public static final double POPULARITY_FACTOR = 0.5;
    public static final double DISTANCE_WEIGHT = 3;
    /** Field boosts of the text query: name over dishes, exact over fuzzy. */
    public static final float NAME_EXACT = 3, NAME_FUZZY = 2, TEXT_EXACT = 1.5f, TEXT_FUZZY = 1;
    /** Minutes a courier needs per km (20 km/h), for the delivery estimate and its sort. */
    public static final double MINUTES_PER_KM = 3;

    private Ranking() {
    }

    /** The non-text part of the relevance score. */
    public static double boosts(boolean open, double rating, double popularity, double distanceKm, double radiusKm) {
        double scale = radiusKm / 2;
        return (open ? OPEN_BOOST : 0) + RATING_FACTOR * rating + POPULARITY_FACTOR * Math.log10(1 + popularity)
                + DISTANCE_WEIGHT * Math.pow(0.5, (distanceKm / scale) * (distanceKm / scale));
    }

    public static int deliveryMinutes(int prepMinutes, double distanceKm) {
        return prepMinutes + (int) Math.ceil(distanceKm * MINUTES_PER_KM);
    }
}
