package org.dabba.checkout;

import static io.restassured.RestAssured.given;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionalException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.dabba.platform.error.Problem;
import org.dabba.platform.error.ProblemException;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.junit.jupiter.api.Test;

/** Admin-managed promotion codes, what they are worth to checkout, and the per-user limit under a race. */
@QuarkusTest
@WithTestResource(LocalServers.class)
class PromotionsTest {

    private static final AtomicInteger SEQ = new AtomicInteger();

    @Inject
    Promotions promotions;

    static String uniqueCode(String prefix) {
        return prefix + "-" + Long.toString(System.nanoTime(), 36) + SEQ.incrementAndGet();
    }

    static Map<String, Object> body(String code, String type, Object value) {
        Map<String, Object> body = new HashMap<>();
        body.put("code", code);
        body.put("type", type);
        body.put("value", value);
        return body;
    }

    static String create(Map<String, Object> body) {
        return as(Api.adminToken()).body(body).post("/admin/promotions").then().statusCode(201)
                .extract().path("code");
    }

    /** A fresh customer's id (promotion uses reference real users). */
    static UUID newCustomer() {
        String email = "promo-" + UUID.randomUUID() + "@example.com";
        return UUID.fromString(given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", "correct-horse", "name", "Promo Tester", "role", "CUSTOMER"))
                .post("/auth/signup").then().statusCode(201).extract().path("userId"));
    }

    static long promotionRows() {
        return QuarkusTransaction.requiringNew().call(() -> Promotion.count());
    }

    static Problem problemOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ProblemException p) {
                return p.problem();
            }
        }
        throw new AssertionError("Not a problem: " + failure, failure);
    }

    Problem evaluateFails(String code, UUID user, String subtotal, Instant now) {
        return problemOf(assertThrows(ProblemException.class,
                () -> promotions.evaluate(code, user, new BigDecimal(subtotal), now)));
    }

    void use(String code, UUID user, UUID order) {
        QuarkusTransaction.requiringNew().run(() -> promotions.recordUse(code, user, order));
    }

    // ---- admin endpoints

    @Test
    void anAdminCreatesAPromotionAndReadsItBack() {
        String code = uniqueCode("save20");
        Map<String, Object> body = body(code, "PERCENTAGE", 20);
        body.put("minOrderAmount", 199);
        body.put("maxDiscount", 150.5);
        body.put("validUntil", "2099-12-31T23:59:59+05:30");
        body.put("perUserLimit", 2);
        Instant before = Instant.now().minusSeconds(1);

        var created = as(Api.adminToken()).body(body).post("/admin/promotions").then().statusCode(201)
                .contentType("application/json")
                .header("Location", "/admin/promotions/" + code.toUpperCase())
                .body("id", notNullValue())
                .body("code", equalTo(code.toUpperCase()))
                .body("type", equalTo("PERCENTAGE"))
                .body("value", equalTo(20.00f))
                .body("minOrderAmount", equalTo(199.00f))
                .body("maxDiscount", equalTo(150.50f))
                .body("validUntil", equalTo("2099-12-31T18:29:59Z"))
                .body("perUserLimit", equalTo(2))
                .extract();
        Instant validFrom = Instant.parse(created.path("validFrom"));
        assertTrue(!validFrom.isBefore(before) && validFrom.isBefore(Instant.now().plusSeconds(1)),
                "validFrom defaults to now");

        as(Api.adminToken()).get("/admin/promotions/{code}", code.toLowerCase()).then().statusCode(200)
                .body("id", equalTo(created.path("id")))
                .body("maxDiscount", equalTo(150.50f));
        as(Api.adminToken()).queryParam("size", 100).get("/admin/promotions").then().statusCode(200)
                .body("items.code", hasItem(code.toUpperCase()));
    }

    @Test
    void optionalFieldsDefaultToNoMinimumNoCapNoEndNoLimit() {
        String code = uniqueCode("flat");
        as(Api.adminToken()).body(body(code, "FLAT", 50)).post("/admin/promotions").then().statusCode(201)
                .body("value", equalTo(50.00f))
                .body("minOrderAmount", equalTo(0.00f))
                .body("maxDiscount", nullValue())
                .body("validUntil", nullValue())
                .body("perUserLimit", nullValue());
    }

    @Test
    void codesAreCaseInsensitiveAndUniqueAmongLivePromotions() {
        String code = uniqueCode("Diwali");
        create(body(code, "FLAT", 100));
        as(Api.adminToken()).body(body(code.toLowerCase(), "PERCENTAGE", 10)).post("/admin/promotions")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("/problems/promo-code-taken"));

        as(Api.adminToken()).delete("/admin/promotions/{code}", code.toUpperCase()).then().statusCode(204);
        // Deleted codes may be reused (next year's Diwali); the old row stays for the orders that used it.
        as(Api.adminToken()).body(body(code, "PERCENTAGE", 10)).post("/admin/promotions").then().statusCode(201);
        as(Api.adminToken()).get("/admin/promotions/{code}", code).then().statusCode(200)
                .body("type", equalTo("PERCENTAGE"));
    }

    @Test
    void everyBadInputIsA400NamingItsFieldAndStoresNothing() {
        String admin = Api.adminToken();
        String later = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        String muchLater = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        Object[][] cases = {
            { "code", null }, { "code", "" }, { "code", "AB" }, { "code", "X".repeat(41) }, { "code", "SAVE 10" },
            { "code", "SAVE10!" }, { "code", "ÜBER10" },
            { "type", null }, { "type", "BOGO" }, { "type", "percentage" },
            { "value", null }, { "value", 0 }, { "value", -5 }, { "value", 100.01 }, { "value", 12.345 },
            { "value", "ten" }, { "value", 100000.01 },
            { "minOrderAmount", -1 }, { "minOrderAmount", 99.999 }, { "minOrderAmount", "lots" },
            { "maxDiscount", 0 }, { "maxDiscount", -10 }, { "maxDiscount", 10.001 },
            { "validFrom", "tomorrow" }, { "validFrom", "2026-12-01" }, { "validFrom", "2026-12-01T00:00:00" },
            { "validUntil", "2026-13-01T00:00:00Z" }, { "validUntil", Instant.now().minusSeconds(60).toString() },
            { "perUserLimit", 0 }, { "perUserLimit", -1 }, { "perUserLimit", 1.5 }, { "perUserLimit", 1001 },
            { "perUserLimit", "once" },
        };
        long before = promotionRows();
        List<String> wrong = new ArrayList<>();
        for (Object[] c : cases) {
            Map<String, Object> body = body(uniqueCode("bad"), "PERCENTAGE", 10);
            body.put((String) c[0], c[1]);
            var answer = as(admin).body(body).post("/admin/promotions").then().extract();
            if (answer.statusCode() != 400 || !answer.contentType().startsWith("application/problem+json")
                    || !answer.jsonPath().getList("errors.field").contains(c[0])) {
                wrong.add(c[0] + "=" + c[1] + " answered " + answer.statusCode() + " " + answer.asString());
            }
        }
        assertEquals(List.of(), wrong);

        Map<String, Object> flatZero = body(uniqueCode("bad"), "FLAT", 0);
        as(admin).body(flatZero).post("/admin/promotions").then().statusCode(400).body("errors.field", hasItem("value"));

        Map<String, Object> backwards = body(uniqueCode("bad"), "FLAT", 10);
        backwards.put("validFrom", muchLater);
        backwards.put("validUntil", later);
        as(admin).body(backwards).post("/admin/promotions").then().statusCode(400)
                .body("errors.field", equalTo(List.of("validUntil")));
        backwards.put("validUntil", muchLater);
        as(admin).body(backwards).post("/admin/promotions").then().statusCode(400)
                .body("errors.field", equalTo(List.of("validUntil")));

        as(admin).post("/admin/promotions").then().statusCode(400).contentType("application/problem+json");
        as(admin).body("{\"code\": ").post("/admin/promotions").then().statusCode(400)
                .body("type", equalTo("/problems/malformed-json"));
        assertEquals(before, promotionRows());

        // The edges that are allowed.
        as(admin).body(body(uniqueCode("all"), "PERCENTAGE", 100)).post("/admin/promotions").then().statusCode(201);
        as(admin).body(body(uniqueCode("big"), "FLAT", 100000)).post("/admin/promotions").then().statusCode(201);
        Map<String, Object> scheduled = body(uniqueCode("soon"), "FLAT", 0.01);
        scheduled.put("validFrom", later);
        scheduled.put("validUntil", muchLater);
        scheduled.put("minOrderAmount", 0);
        scheduled.put("perUserLimit", 1000);
        as(admin).body(scheduled).post("/admin/promotions").then().statusCode(201)
                .body("validFrom", equalTo(later));
    }

    @Test
    void onlyAdminsManagePromotions() {
        String code = create(body(uniqueCode("guard"), "FLAT", 10));
        Map<String, Object> another = body(uniqueCode("guard"), "FLAT", 10);

        given().contentType(ContentType.JSON).body(another).post("/admin/promotions").then().statusCode(401)
                .contentType("application/problem+json");
        given().get("/admin/promotions").then().statusCode(401);
        given().get("/admin/promotions/{code}", code).then().statusCode(401);
        given().delete("/admin/promotions/{code}", code).then().statusCode(401);
        given().auth().oauth2("not-a-token").get("/admin/promotions").then().statusCode(401);

        for (String role : List.of("CUSTOMER", "RESTAURANT_OWNER", "COURIER")) {
            String token = Api.newUser(role);
            as(token).body(another).post("/admin/promotions").then().statusCode(403)
                    .contentType("application/problem+json");
            as(token).get("/admin/promotions").then().statusCode(403);
            as(token).get("/admin/promotions/{code}", code).then().statusCode(403);
            as(token).delete("/admin/promotions/{code}", code).then().statusCode(403);
        }
        as(Api.adminToken()).get("/admin/promotions/{code}", code).then().statusCode(200);
        as(Api.adminToken()).get("/admin/promotions/{code}", another.get("code")).then().statusCode(404);
    }

    @Test
    void theListIsPagedNewestFirst() {
        String admin = Api.adminToken();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            codes.add(create(body(uniqueCode("page"), "FLAT", 5 + i)));
        }
        as(admin).queryParam("size", 2).get("/admin/promotions").then().statusCode(200)
                .body("items", hasSize(2))
                .body("page", equalTo(0)).body("size", equalTo(2))
                .body("total", greaterThanOrEqualTo(3))
                .body("items[0].code", equalTo(codes.get(2)))
                .body("items[1].code", equalTo(codes.get(1)));
        as(admin).queryParam("size", 2).queryParam("page", 1).get("/admin/promotions").then().statusCode(200)
                .body("items[0].code", equalTo(codes.get(0)));
        as(admin).queryParam("size", 0).get("/admin/promotions").then().statusCode(400)
                .body("errors.field", hasItem("size"));
        as(admin).queryParam("size", 101).get("/admin/promotions").then().statusCode(400);
        as(admin).queryParam("page", -1).get("/admin/promotions").then().statusCode(400)
                .body("errors.field", hasItem("page"));
    }

    @Test
    void deletingIsSoftAndStopsTheCodeAtOnce() {
        String admin = Api.adminToken();
        String code = create(body(uniqueCode("gone"), "FLAT", 30));
        UUID user = newCustomer();
        UUID order = UUID.randomUUID();
        use(code, user, order);

        as(admin).delete("/admin/promotions/{code}", code.toLowerCase()).then().statusCode(204);
        as(admin).get("/admin/promotions/{code}", code).then().statusCode(404)
                .contentType("application/problem+json");
        as(admin).delete("/admin/promotions/{code}", code).then().statusCode(404);
        as(admin).queryParam("size", 100).get("/admin/promotions").then().statusCode(200)
                .body("items.code", not(hasItem(code)));
        as(admin).delete("/admin/promotions/{code}", "NO-SUCH-CODE").then().statusCode(404);

        Promotion row = QuarkusTransaction.requiringNew().call(() ->
                Promotion.<Promotion>find("code", code).firstResult());
        assertNotNull(row.deletedAt, "the row stays, marked");
        PromotionUse past = QuarkusTransaction.requiringNew().call(() -> PromotionUse.findById(order));
        assertEquals(row.id, past.promotionId, "the order that used it keeps its reference");

        assertEquals("/problems/promo-invalid", evaluateFails(code, user, "500", Instant.now()).getType());
        assertEquals("/problems/promo-invalid", problemOf(assertThrows(ProblemException.class,
                () -> use(code, user, UUID.randomUUID()))).getType());
    }

    // ---- what a code is worth

    @Test
    void evaluateAnswersTheCappedDiscount() {
        UUID user = newCustomer();
        Map<String, Object> capped = body(uniqueCode("pct"), "PERCENTAGE", 20);
        capped.put("maxDiscount", 150);
        String pct = create(capped);
        String flat = create(body(uniqueCode("flat"), "FLAT", 100));
        Instant now = Instant.now();

        assertEquals(new BigDecimal("100.00"), promotions.evaluate(pct, user, new BigDecimal("500.00"), now));
        assertEquals(new BigDecimal("150.00"), promotions.evaluate(pct, user, new BigDecimal("1000.00"), now));
        assertEquals(new BigDecimal("12.34"), promotions.evaluate(pct, user, new BigDecimal("61.70"), now));
        assertEquals(new BigDecimal("100.00"), promotions.evaluate(flat, user, new BigDecimal("250.00"), now));
        assertEquals(new BigDecimal("80.00"), promotions.evaluate(flat, user, new BigDecimal("80.00"), now),
                "a flat discount never exceeds the subtotal");
        assertEquals(new BigDecimal("100.00"),
                promotions.evaluate("  " + flat.toLowerCase() + " ", user, new BigDecimal("250.00"), now),
                "codes are trimmed and case-insensitive");
        assertEquals(new BigDecimal("0.00"), promotions.evaluate(null, user, new BigDecimal("250.00"), now));
        assertEquals(new BigDecimal("0.00"), promotions.evaluate(" ", user, new BigDecimal("250.00"), now));
    }

    @Test
    void evaluateNamesWhyACodeDoesNotApply() {
        UUID user = newCustomer();
        Instant now = Instant.now();

        Problem unknown = evaluateFails("no-such-code", user, "500", now);
        assertEquals(422, unknown.getStatus());
        assertEquals("/problems/promo-invalid", unknown.getType());
        assertEquals("NO-SUCH-CODE", unknown.getExtensions().get("code"));

        Instant from = now.plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Instant until = from.plus(7, ChronoUnit.DAYS);
        Map<String, Object> windowed = body(uniqueCode("week"), "FLAT", 40);
        windowed.put("validFrom", from.toString());
        windowed.put("validUntil", until.toString());
        String week = create(windowed);
        Problem early = evaluateFails(week, user, "500", now);
        assertEquals("/problems/promo-not-yet-valid", early.getType());
        assertEquals(from, early.getExtensions().get("validFrom"));
        assertEquals(new BigDecimal("40.00"), promotions.evaluate(week, user, new BigDecimal("500"), from),
                "valid from its first instant");
        assertEquals(new BigDecimal("40.00"),
                promotions.evaluate(week, user, new BigDecimal("500"), until.minusNanos(1000)));
        Problem late = evaluateFails(week, user, "500", until);
        assertEquals("/problems/promo-expired", late.getType(), "validUntil is exclusive");
        assertEquals(until, late.getExtensions().get("validUntil"));

        Map<String, Object> minimum = body(uniqueCode("min"), "PERCENTAGE", 10);
        minimum.put("minOrderAmount", 299.5);
        String min = create(minimum);
        now = Instant.now();
        Problem small = evaluateFails(min, user, "299.49", now);
        assertEquals("/problems/promo-min-order-not-met", small.getType());
        assertEquals(new BigDecimal("299.50"), small.getExtensions().get("minOrderAmount"));
        assertTrue(small.getDetail().contains("299.50"), small.getDetail());
        assertEquals(new BigDecimal("29.95"), promotions.evaluate(min, user, new BigDecimal("299.50"), now));

        Map<String, Object> once = body(uniqueCode("once"), "FLAT", 25);
        once.put("perUserLimit", 1);
        String onceCode = create(once);
        use(onceCode, user, UUID.randomUUID());
        Problem usedUp = evaluateFails(onceCode, user, "500", Instant.now());
        assertEquals("/problems/promo-usage-limit-reached", usedUp.getType());
        assertEquals(1, usedUp.getExtensions().get("perUserLimit"));
        assertEquals(new BigDecimal("25.00"),
                promotions.evaluate(onceCode, newCustomer(), new BigDecimal("500"), Instant.now()),
                "the limit is per customer");
    }

    // ---- recording uses

    @Test
    void usesCountTowardsTheLimitAndCanBeGivenBack() {
        Map<String, Object> twice = body(uniqueCode("twice"), "FLAT", 10);
        twice.put("perUserLimit", 2);
        String code = create(twice);
        UUID user = newCustomer();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();

        use(code, user, first);
        use(code, user, first); // the same order again: no second use
        assertEquals(new BigDecimal("10.00"), promotions.evaluate(code, user, new BigDecimal("100"), Instant.now()));
        use(code.toLowerCase(), user, second);
        assertEquals("/problems/promo-usage-limit-reached",
                evaluateFails(code, user, "100", Instant.now()).getType());
        assertEquals("/problems/promo-usage-limit-reached",
                problemOf(assertThrows(ProblemException.class, () -> use(code, user, UUID.randomUUID()))).getType());

        assertTrue(QuarkusTransaction.requiringNew().call(() -> promotions.releaseUse(second)));
        assertTrue(!QuarkusTransaction.requiringNew().call(() -> promotions.releaseUse(second)));
        assertEquals(new BigDecimal("10.00"), promotions.evaluate(code, user, new BigDecimal("100"), Instant.now()),
                "a released use (the order was never paid) may be used again");

        String other = create(body(uniqueCode("other"), "FLAT", 5));
        Problem twoCodes = problemOf(assertThrows(ProblemException.class, () -> use(other, user, first)));
        assertEquals("/problems/promo-already-applied", twoCodes.getType());
        assertEquals(409, twoCodes.getStatus());
        assertEquals("/problems/promo-invalid",
                problemOf(assertThrows(ProblemException.class, () -> use("NO-SUCH", user, UUID.randomUUID())))
                        .getType());
    }

    @Test
    void aUseIsRecordedOnlyInsideTheOrdersTransaction() {
        String code = create(body(uniqueCode("tx"), "FLAT", 10));
        UUID user = newCustomer();
        UUID order = UUID.randomUUID();
        assertThrows(TransactionalException.class, () -> promotions.recordUse(code, user, order));
        // The order's transaction rolls back: its use goes with it.
        assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            promotions.recordUse(code, user, order);
            throw new IllegalStateException("the order could not be created");
        }));
        assertNull(QuarkusTransaction.requiringNew().call(() -> PromotionUse.findById(order)));
    }

    /**
     * Two checkouts by one customer with a once-per-customer code: the second waits for the first's transaction
     * and is then refused. Without the lock both would count zero uses and both would pass.
     */
    @Test
    void aSecondConcurrentCheckoutWaitsAndIsRefused() throws Exception {
        Map<String, Object> once = body(uniqueCode("race"), "FLAT", 50);
        once.put("perUserLimit", 1);
        String code = create(once);
        UUID user = newCustomer();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch firstRecorded = new CountDownLatch(1);
            CountDownLatch commitFirst = new CountDownLatch(1);
            Future<?> first = pool.submit(() -> QuarkusTransaction.requiringNew().run(() -> {
                promotions.recordUse(code, user, UUID.randomUUID());
                firstRecorded.countDown();
                await(commitFirst);
            }));
            assertTrue(firstRecorded.await(10, TimeUnit.SECONDS));

            Future<?> second = pool.submit(() -> use(code, user, UUID.randomUUID()));
            assertThrows(TimeoutException.class, () -> second.get(700, TimeUnit.MILLISECONDS),
                    "the second checkout must wait for the first to commit");
            commitFirst.countDown();
            first.get(10, TimeUnit.SECONDS);
            try {
                second.get(10, TimeUnit.SECONDS);
                fail("both checkouts used a once-per-customer code");
            } catch (java.util.concurrent.ExecutionException e) {
                assertEquals("/problems/promo-usage-limit-reached", problemOf(e).getType());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1L, (long) QuarkusTransaction.requiringNew().call(() -> PromotionUse.count("userId", user)));
    }

    @Test
    void manyConcurrentCheckoutsGetExactlyTheLimit() throws Exception {
        Map<String, Object> thrice = body(uniqueCode("crowd"), "PERCENTAGE", 10);
        thrice.put("perUserLimit", 3);
        String code = create(thrice);
        UUID user = newCustomer();
        int attempts = 8;
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        try {
            CyclicBarrier start = new CyclicBarrier(attempts);
            List<Future<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                outcomes.add(pool.submit((Callable<String>) () -> {
                    start.await(10, TimeUnit.SECONDS);
                    try {
                        use(code, user, UUID.randomUUID());
                        return "used";
                    } catch (RuntimeException e) {
                        return problemOf(e).getType();
                    }
                }));
            }
            List<String> results = new ArrayList<>();
            for (Future<String> outcome : outcomes) {
                results.add(outcome.get(30, TimeUnit.SECONDS));
            }
            assertEquals(3, results.stream().filter("used"::equals).count(), results.toString());
            assertEquals(attempts - 3, results.stream().filter("/problems/promo-usage-limit-reached"::equals).count(),
                    results.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void differentCustomersDoNotWaitForEachOther() throws Exception {
        Map<String, Object> once = body(uniqueCode("crowd"), "FLAT", 20);
        once.put("perUserLimit", 1);
        String code = create(once);
        UUID alice = newCustomer();
        UUID bob = newCustomer();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch aliceRecorded = new CountDownLatch(1);
            CountDownLatch commitAlice = new CountDownLatch(1);
            Future<?> aliceCheckout = pool.submit(() -> QuarkusTransaction.requiringNew().run(() -> {
                promotions.recordUse(code, alice, UUID.randomUUID());
                aliceRecorded.countDown();
                await(commitAlice);
            }));
            assertTrue(aliceRecorded.await(10, TimeUnit.SECONDS));
            pool.submit(() -> use(code, bob, UUID.randomUUID())).get(10, TimeUnit.SECONDS);
            commitAlice.countDown();
            aliceCheckout.get(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDeleteWaitsForACheckoutUsingTheCodeAndThenStopsIt() throws Exception {
        String code = create(body(uniqueCode("late"), "FLAT", 20));
        UUID user = newCustomer();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch recorded = new CountDownLatch(1);
            CountDownLatch commit = new CountDownLatch(1);
            Future<?> checkout = pool.submit(() -> QuarkusTransaction.requiringNew().run(() -> {
                promotions.recordUse(code, user, UUID.randomUUID());
                recorded.countDown();
                await(commit);
            }));
            assertTrue(recorded.await(10, TimeUnit.SECONDS));
            Future<?> delete = pool.submit(() -> promotions.delete(code));
            assertThrows(TimeoutException.class, () -> delete.get(500, TimeUnit.MILLISECONDS));
            commit.countDown();
            checkout.get(10, TimeUnit.SECONDS);
            delete.get(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertEquals("/problems/promo-invalid",
                problemOf(assertThrows(ProblemException.class, () -> use(code, user, UUID.randomUUID()))).getType());
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released this transaction");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
