package org.dabba.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.dabba.search.SearchDocument.Dish;
import org.dabba.search.SearchQuery.SortBy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every search engine must do, run against each adapter (Lucene, OpenSearch, Elasticsearch): the same
 * documents, the same queries, the same hits in the same order.
 */
public abstract class SearchIndexContract {

    /** Hyderabad; the restaurants below sit due north of it, at exact great-circle distances. */
    static final double LAT = 17.3850, LON = 78.4867;
    static final double KM_PER_DEGREE_OF_LATITUDE = Math.PI * 6371.0087714 / 180;
    /** The platform's default delivery radius in these queries (the restaurants above have none of their own). */
    static final double DEFAULT_DELIVERY_KM = 10;

    protected SearchIndex index;
    private final Map<String, SearchDocument> byName = new HashMap<>();

    /** A fresh, empty index. */
    protected abstract SearchIndex newIndex() throws Exception;

    protected void close(SearchIndex index) throws Exception {
    }

    @BeforeEach
    void fill() throws Exception {
        index = newIndex();
        add(doc("Pizza Palace", 1.0, true, 4.5, 120, 15, false, dish("Margherita Pizza", "Pizza", "VEG"),
                dish("Pepperoni Pizza", "Pizza", "NON_VEG")));
        add(doc("Domino's Pizza", 3.0, true, 4.0, 900, 10, false, dish("Farmhouse Pizza", "Pizza", "VEG")));
        add(doc("Biryani House", 0.5, false, 4.8, 500, 30, false, dish("Hyderabadi Biryani", "Main Course", "NON_VEG")));
        add(doc("Far Away Pizzeria", 6.9, true, 3.0, 10, 20, false, dish("Calzone", "Pizza", "VEG")));
        add(doc("Too Far Pizzeria", 7.1, true, 5.0, 10, 20, false, dish("Calzone", "Pizza", "VEG")));
        add(doc("Green Leaf", 2.0, true, 3.5, 50, 25, true, dish("Paneer Tikka", "Starters", "VEG"),
                dish("Dal Makhani", "Main Course", "VEG")));
        add(doc("Palase Grill", 1.5, true, 3.9, 40, 20, false, dish("Grilled Chicken", "Grill", "NON_VEG")));
    }

    @AfterEach
    void drop() throws Exception {
        close(index);
    }

    private void add(SearchDocument d) {
        byName.put(d.name(), d);
        index.upsert(d);
    }

    static Dish dish(String name, String category, String type) {
        return new Dish(UUID.randomUUID(), name, name + " made fresh", category, type, true);
    }

    static SearchDocument doc(String name, double kmNorth, boolean open, double rating, double popularity,
            int prepMinutes, boolean pureVeg, Dish... dishes) {
        return new SearchDocument(UUID.randomUUID(), name, LAT + kmNorth / KM_PER_DEGREE_OF_LATITUDE, LON, open,
                rating, 10, popularity, prepMinutes, pureVeg, null, List.of(), List.of(dishes), 1, null, null, "Hyderabad");
    }

    static SearchQuery query(String text, SortBy sort) {
        return near(LAT, LON, 7, text, sort, false, 0, 50);
    }

    static SearchQuery near(double lat, double lon, double radiusKm, String text, SortBy sort, boolean veg, int page,
            int size) {
        return new SearchQuery(lat, lon, radiusKm, SearchText.tokens(text), sort, veg, page, size, null,
                DEFAULT_DELIVERY_KM);
    }

    List<String> names(SearchQuery query) {
        return index.search(query).hits().stream().map(h -> h.document().name()).toList();
    }

    @Test
    void onlyRestaurantsWithinTheRadiusAreFound() {
        List<String> found = names(query(null, SortBy.DISTANCE));
        assertTrue(found.contains("Far Away Pizzeria"), "6.9 km is inside 7 km: " + found);
        assertTrue(!found.contains("Too Far Pizzeria"), "7.1 km is outside 7 km: " + found);
        assertEquals(6, index.search(query(null, SortBy.RELEVANCE)).total());
        SearchIndex.Hit far = index.search(query("far away", SortBy.RELEVANCE)).hits().get(0);
        assertEquals(6.9, far.distanceKm(), 0.01);
    }

    @Test
    void typosCaseAndPunctuationDoNotMatter() {
        assertEquals(List.of("Pizza Palace", "Domino's Pizza", "Far Away Pizzeria"),
                names(query("piza", SortBy.DISTANCE)).stream().filter(n -> n.contains("Pizz")).toList());
        assertEquals(List.of("Biryani House"), names(query("biriyani", SortBy.RELEVANCE)));
        assertEquals("Domino's Pizza", names(query("dominos", SortBy.RELEVANCE)).get(0));
        assertEquals("Domino's Pizza", names(query("DOMINO'S", SortBy.RELEVANCE)).get(0));
        assertEquals(List.of(), names(query("sushi", SortBy.RELEVANCE)));
    }

    @Test
    void dishesDescriptionsAndCategoriesMatch() {
        assertEquals(List.of("Green Leaf"), names(query("paneer", SortBy.RELEVANCE)));
        assertEquals(List.of("Pizza Palace"), names(query("margherita", SortBy.RELEVANCE)));
        assertEquals(List.of("Green Leaf"), names(query("starters", SortBy.RELEVANCE)));
        assertTrue(names(query("made fresh", SortBy.RELEVANCE)).size() >= 6);
    }

    @Test
    void openRestaurantsComeFirstAndClosedOnesAreNotHidden() {
        List<String> found = names(query(null, SortBy.RELEVANCE));
        assertEquals("Biryani House", found.get(found.size() - 1), "closed, though closest and best rated");
        assertEquals(List.of("Biryani House"), names(query("biryani", SortBy.RELEVANCE)));
    }

    @Test
    void anExactNameMatchOutranksAFuzzyOne() {
        assertEquals(List.of("Pizza Palace", "Palase Grill"), names(query("palace", SortBy.RELEVANCE)));
        assertEquals(List.of("Palase Grill", "Pizza Palace"), names(query("palase", SortBy.RELEVANCE)));
    }

    @Test
    void closeWellRatedOpenRestaurantsRankFirstWithoutAQuery() {
        List<String> found = names(query(null, SortBy.RELEVANCE));
        assertEquals("Pizza Palace", found.get(0), found.toString());
        assertEquals("Far Away Pizzeria", found.get(found.size() - 2), found.toString());
    }

    @Test
    void everySortOrderSortsByItsFieldAlone() {
        assertEquals(List.of("Biryani House", "Pizza Palace", "Palase Grill", "Green Leaf", "Domino's Pizza",
                "Far Away Pizzeria"), names(query(null, SortBy.DISTANCE)));
        assertEquals(List.of("Biryani House", "Pizza Palace", "Domino's Pizza", "Palase Grill", "Green Leaf",
                "Far Away Pizzeria"), names(query(null, SortBy.RATING)));
        assertEquals(List.of("Domino's Pizza", "Biryani House", "Pizza Palace", "Green Leaf", "Palase Grill",
                "Far Away Pizzeria"), names(query(null, SortBy.POPULARITY)));
        // prep + 3 min/km: Pizza Palace 15+3, Palase 20+4.5, Domino's 10+9, Green Leaf 25+6, Biryani 30+1.5, Far 20+20.7
        assertEquals(List.of("Pizza Palace", "Domino's Pizza", "Palase Grill", "Green Leaf", "Biryani House",
                "Far Away Pizzeria"), names(query(null, SortBy.DELIVERY_TIME)));
        assertEquals(List.of("Pizza Palace", "Domino's Pizza", "Far Away Pizzeria"),
                names(query("pizza", SortBy.DISTANCE)));
    }

    @Test
    void pagesAreDisjointAndAddUp() {
        List<String> all = names(query(null, SortBy.DISTANCE));
        List<String> paged = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            SearchIndex.SearchPage result = index.search(near(LAT, LON, 7, null, SortBy.DISTANCE, false, page, 2));
            assertEquals(6, result.total());
            result.hits().forEach(h -> paged.add(h.document().name()));
        }
        assertEquals(all, paged);
        assertEquals(0, index.search(near(LAT, LON, 7, null, SortBy.DISTANCE, false, 3, 2)).hits().size());
    }

    @Test
    void vegOnlyKeepsPureVegRestaurants() {
        assertEquals(List.of("Green Leaf"), names(near(LAT, LON, 7, null, SortBy.RELEVANCE, true, 0, 50)));
    }

    @Test
    void aRemovedRestaurantIsGoneAndOldVersionsNeverWin() {
        SearchDocument palace = byName.get("Pizza Palace");
        index.remove(palace.restaurantId(), 2);
        assertTrue(!names(query("palace", SortBy.RELEVANCE)).contains("Pizza Palace"));

        SearchDocument green = byName.get("Green Leaf");
        SearchDocument renamedV3 = withNameAndVersion(green, "Green Leaf Bistro", 3);
        index.upsert(renamedV3);
        index.upsert(withNameAndVersion(green, "Stale Name", 2));
        index.upsert(withNameAndVersion(green, "Duplicate Name", 3));
        assertEquals(List.of("Green Leaf Bistro"), names(query("green", SortBy.RELEVANCE)));
        index.remove(green.restaurantId(), 1);
        assertEquals(List.of("Green Leaf Bistro"), names(query("green", SortBy.RELEVANCE)));
    }

    @Test
    void aRebuildSwapsInWithoutTakingSearchOffline() {
        SearchIndex.Rebuild rebuild = index.rebuild();
        rebuild.add(List.of(withNameAndVersion(byName.get("Pizza Palace"), "Pizza Palace", 1)));
        assertEquals(6, index.search(query(null, SortBy.RELEVANCE)).total(), "the live index still answers");
        index.upsert(withNameAndVersion(byName.get("Green Leaf"), "Green Leaf", 5));
        rebuild.publish();
        assertEquals(List.of("Green Leaf", "Pizza Palace"), names(query(null, SortBy.RELEVANCE)).stream().sorted()
                .toList(), "the rebuilt index, plus what was written during the rebuild");
        assertEquals(2, index.count());
    }

    static SearchDocument withNameAndVersion(SearchDocument d, String name, long version) {
        return new SearchDocument(d.restaurantId(), name, d.lat(), d.lon(), d.open(), d.rating(), d.ratingCount(),
                d.popularityScore(), d.prepMinutes(), d.pureVeg(), d.logoUrl(), d.keywords(), d.menuItems(), version,
                d.opensAt(), d.deliveryRadiusKm(), d.city());
    }

    static SearchDocument withAreaAndCity(SearchDocument d, Double deliveryRadiusKm, String city) {
        return new SearchDocument(d.restaurantId(), d.name(), d.lat(), d.lon(), d.open(), d.rating(), d.ratingCount(),
                d.popularityScore(), d.prepMinutes(), d.pureVeg(), d.logoUrl(), d.keywords(), d.menuItems(),
                d.version(), d.opensAt(), deliveryRadiusKm, city);
    }

    /** Names found from {@code km} due south of the point {@code kmNorth} north of LAT (a great circle: exact km). */
    List<String> namesFrom(double kmNorth, double kmSouth, double radiusKm, double defaultDeliveryKm, SortBy sort) {
        double lat = LAT + (kmNorth - kmSouth) / KM_PER_DEGREE_OF_LATITUDE;
        return index.search(new SearchQuery(lat, LON, radiusKm, List.of(), sort, false, 0, 50, null,
                defaultDeliveryKm)).hits().stream().map(h -> h.document().name()).toList();
    }

    @Test
    void aRestaurantIsFoundOnlyWhereItsOwnDeliveryRadiusReaches() {
        // 100 km north, away from the others; it delivers within 2 km.
        add(withAreaAndCity(doc("Small Area Dhaba", 100, true, 4.0, 10, 20, false,
                dish("Dal Fry", "Main Course", "VEG")), 2.0, "Hyderabad"));
        for (SortBy sort : SortBy.values()) {
            assertEquals(List.of("Small Area Dhaba"), namesFrom(100, 1.99, 7, DEFAULT_DELIVERY_KM, sort),
                    "10 m inside its 2 km, " + sort);
            assertEquals(List.of(), namesFrom(100, 2.01, 7, DEFAULT_DELIVERY_KM, sort), "10 m outside, " + sort);
        }
        assertEquals(List.of(), namesFrom(100, 2.01, 25, 30, SortBy.RELEVANCE),
                "a wider search or default does not widen its own radius");
        assertEquals(List.of(), namesFrom(100, 1.5, 1.49, DEFAULT_DELIVERY_KM, SortBy.RELEVANCE),
                "the customer's radius still bounds the search");
        SearchIndex.Hit hit = index.search(new SearchQuery(LAT + 98.5 / KM_PER_DEGREE_OF_LATITUDE, LON, 7,
                SearchText.tokens("dal"), SortBy.RELEVANCE, false, 0, 10, null, DEFAULT_DELIVERY_KM)).hits().get(0);
        assertEquals(1.5, hit.distanceKm(), 0.001);
    }

    @Test
    void withoutItsOwnRadiusTheQuerysDefaultApplies() {
        add(doc("Default Area Dhaba", 200, true, 4.0, 10, 20, false, dish("Dal Fry", "Main Course", "VEG")));
        assertEquals(List.of("Default Area Dhaba"), namesFrom(200, 9.99, 25, 10, SortBy.RELEVANCE), "10 m inside");
        assertEquals(List.of(), namesFrom(200, 10.01, 25, 10, SortBy.RELEVANCE), "10 m outside");
        assertEquals(List.of("Default Area Dhaba"), namesFrom(200, 10.01, 25, 12, SortBy.DISTANCE),
                "a wider default, at query time: no reindex");
        assertEquals(List.of(), namesFrom(200, 5.01, 25, 5, SortBy.DELIVERY_TIME), "a narrower one");
    }

    @Test
    void aCitySearchFindsTheCitysRestaurantsWithoutAPoint() {
        add(withAreaAndCity(doc("Bangalore Pizza Co", 900, true, 4.0, 10, 20, false,
                dish("Margherita Pizza", "Pizza", "VEG")), null, "Bengaluru"));
        add(withAreaAndCity(doc("Cantonment Pizza", 1.2, true, 4.0, 10, 20, false,
                dish("Veggie Pizza", "Pizza", "VEG")), null, "Secunderābād"));

        SearchIndex.SearchPage hyderabad = index.search(SearchQuery.inCity("  HYDERĀBĀD ", SearchText.tokens("pizza"),
                SortBy.RELEVANCE, false, 0, 50));
        assertEquals(List.of("Domino's Pizza", "Far Away Pizzeria", "Pizza Palace", "Too Far Pizzeria"),
                hyderabad.hits().stream().map(h -> h.document().name()).sorted().toList(),
                "every pizza place of the city, however far: there is no point");
        assertEquals(4, hyderabad.total());
        assertTrue(hyderabad.hits().stream().allMatch(h -> Double.isNaN(h.distanceKm())));
        assertEquals(List.of("Bangalore Pizza Co"), index.search(SearchQuery.inCity("bengaluru", List.of(),
                SortBy.RATING, false, 0, 50)).hits().stream().map(h -> h.document().name()).toList());
        assertEquals(List.of(), index.search(SearchQuery.inCity("Mumbai", SearchText.tokens("pizza"),
                SortBy.RELEVANCE, false, 0, 50)).hits());

        // With a point, a city narrows the search around it.
        assertEquals(List.of("Cantonment Pizza"), names(new SearchQuery(LAT, LON, 7, SearchText.tokens("pizza"),
                SortBy.DISTANCE, false, 0, 50, "secunderabad", DEFAULT_DELIVERY_KM)));
        assertTrue(names(query("pizza", SortBy.DISTANCE)).contains("Cantonment Pizza"));
    }

    @Test
    void documentsWithoutTheNewerFieldsAreStillFound() {
        // As indexed before delivery radii and cities: the default radius, and no city until a reindex.
        SearchDocument old = withAreaAndCity(doc("Old Layout Cafe", 300, true, 4.0, 10, 20, false,
                dish("Filter Coffee", "Drinks", "VEG")), null, null);
        add(old);
        assertEquals(List.of("Old Layout Cafe"), namesFrom(300, 9.99, 25, 10, SortBy.RELEVANCE));
        assertEquals(List.of(), namesFrom(300, 10.01, 25, 10, SortBy.RELEVANCE));
        assertEquals(List.of(), index.search(SearchQuery.inCity("Hyderabad", SearchText.tokens("coffee"),
                SortBy.RELEVANCE, false, 0, 50)).hits());
        index.upsert(withAreaAndCity(withNameAndVersion(old, "Old Layout Cafe", 2), null, "Hyderabad"));
        assertEquals(List.of("Old Layout Cafe"), index.search(SearchQuery.inCity("Hyderabad",
                SearchText.tokens("coffee"), SortBy.RELEVANCE, false, 0, 50)).hits().stream()
                .map(h -> h.document().name()).toList());
    }

    /**
     * Closed by its opening hours (the document is built with {@code is_open} false and when they next open, the
     * hours' own rules being tested in OpeningHoursTest): found, after the open ones, with its opening time intact,
     * and open again once a newer document says so.
     */
    @Test
    void aRestaurantClosedByItsHoursIsFoundAfterTheOpenOnesWithWhenItOpens() {
        java.time.Instant opens = java.time.Instant.parse("2026-12-04T05:30:00Z");
        SearchDocument closed = doc("Night Owl Dhaba", 400, false, 5.0, 99, 10, false,
                dish("Midnight Biryani", "Main Course", "NON_VEG"));
        closed = new SearchDocument(closed.restaurantId(), closed.name(), closed.lat(), closed.lon(), false,
                closed.rating(), closed.ratingCount(), closed.popularityScore(), closed.prepMinutes(), closed.pureVeg(),
                closed.logoUrl(), closed.keywords(), closed.menuItems(), 1, opens, null, "Hyderabad");
        add(closed);
        add(doc("Day Dhaba", 400.5, true, 3.0, 1, 30, false, dish("Day Biryani", "Main Course", "NON_VEG")));
        List<SearchIndex.Hit> hits = index.search(near(LAT + 400 / KM_PER_DEGREE_OF_LATITUDE, LON, 5, "biryani",
                SortBy.RELEVANCE, false, 0, 10)).hits();
        assertEquals(List.of("Day Dhaba", "Night Owl Dhaba"), hits.stream().map(h -> h.document().name()).toList(),
                "closed, though closer and better rated: after the open one");
        assertEquals(opens, hits.get(1).document().opensAt());

        index.upsert(new SearchDocument(closed.restaurantId(), closed.name(), closed.lat(), closed.lon(), true,
                closed.rating(), closed.ratingCount(), closed.popularityScore(), closed.prepMinutes(), closed.pureVeg(),
                closed.logoUrl(), closed.keywords(), closed.menuItems(), 2, null, null, "Hyderabad"));
        hits = index.search(near(LAT + 400 / KM_PER_DEGREE_OF_LATITUDE, LON, 5, "biryani", SortBy.RELEVANCE, false,
                0, 10)).hits();
        assertEquals("Night Owl Dhaba", hits.get(0).document().name(), "its hours opened: first again");
        assertEquals(null, hits.get(0).document().opensAt());
    }
}
