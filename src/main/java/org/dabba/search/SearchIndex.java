package org.dabba.search;

import java.util.List;
import java.util.UUID;

/**
 * The port every search engine implements: embedded Lucene by default, Elasticsearch or OpenSearch in prod. They
 * find the same restaurants ({@link SearchQuery}) and rank them alike ({@link Ranking}): for {@code RELEVANCE},
 * {@code score = text + 100·open + 0.4·rating + 0.5·log10(1 + popularity) + 3·0.5^((d / (radius/2))²)},
 * {@code text} being the BM25 score of the text query (1 without one) and {@code d} the distance in km (no
 * distance term without a point). The other orders sort by their field, that score breaking ties.
 */
public interface SearchIndex {

    /**
     * Stores the document unless the index already holds this restaurant at the same or a newer version; true if
     * what searches read changed.
     */
    boolean upsert(SearchDocument document);

    /** Removes the restaurant unless the index holds a newer version of it; true if what searches read changed. */
    boolean remove(UUID restaurantId, long version);

    SearchPage search(SearchQuery query);

    long count();

    /** True when the index holds documents in an older layout, to be rebuilt from the database at start. */
    default boolean needsRebuild() {
        return false;
    }

    /**
     * Starts building a fresh index beside the live one; search keeps answering from the live one, and
     * writes made meanwhile go to both, until {@link Rebuild#publish()} swaps them atomically.
     */
    Rebuild rebuild();

    interface Rebuild {
        void add(List<SearchDocument> documents);

        void publish();

        /** Drops the rebuilt index; the live one stays. */
        void abandon();
    }

    /** {@code distanceKm} is NaN without a point; the document carries its dishes only for a query with text. */
    record Hit(SearchDocument document, double distanceKm, double score) {
    }

    record SearchPage(List<Hit> hits, long total) {
    }
}
