package org.dabba.restaurant;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.junit.jupiter.api.Test;

/**
 * What the jobs change on many restaurants at once (the popularity refresh, the hours' boundaries): all of them in
 * batches, and a restaurant that cannot be changed holds up none of the others in its batch.
 */
@QuarkusTest
@WithTestResource(LocalServers.class)
class RestaurantChangesTest {

    @Inject
    RestaurantChanges changes;

    @Test
    void aBatchIsChangedWhole() {
        List<UUID> ids = restaurants(3);
        assertEquals(3, changes.updateEach(ids, r -> r.popularityScore = new BigDecimal("4.00"), "never"));
        ids.forEach(id -> assertEquals(0, new BigDecimal("4.00").compareTo(popularity(id))));
    }

    @Test
    void aRestaurantThatCannotBeChangedHoldsUpNoneOfTheOthersInItsBatch() {
        List<UUID> ids = new ArrayList<>(restaurants(3));
        ids.add(1, UUID.randomUUID()); // gone, or never there: its batch rolls back and is done one by one
        assertEquals(3, changes.updateEach(ids, r -> r.popularityScore = new BigDecimal("7.00"), "at the next run"));
        ids.stream().filter(id -> !id.equals(ids.get(1)))
                .forEach(id -> assertEquals(0, new BigDecimal("7.00").compareTo(popularity(id))));
    }

    @Test
    void moreThanABatchAreAllChanged() {
        List<UUID> ids = new ArrayList<>(restaurants(2));
        // Unknown ids fill the first batch past its size: the known ones still change, in whichever batch they are.
        IntStream.range(0, RestaurantChanges.BATCH).forEach(i -> ids.add(1, UUID.randomUUID()));
        assertEquals(2, changes.updateEach(ids, r -> r.popularityScore = new BigDecimal("9.00"), "at the next run"));
        assertEquals(0, new BigDecimal("9.00").compareTo(popularity(ids.get(0))));
        assertEquals(0, new BigDecimal("9.00").compareTo(popularity(ids.get(ids.size() - 1))));
    }

    private static List<UUID> restaurants(int n) {
        return IntStream.range(0, n).mapToObj(i -> UUID.fromString(Api.activeRestaurant()[1])).toList();
    }

    private static BigDecimal popularity(UUID id) {
        return new BigDecimal(given().get("/restaurants/{id}", id).then().statusCode(200).extract()
                .path("popularityScore").toString());
    }
}
