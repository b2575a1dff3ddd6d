package org.dabba.delivery;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.constraints.Positive;
import java.time.Duration;

/** Couriers and deliveries: matching, offers, presence. Every key is in application.properties and the README. */
@ConfigMapping(prefix = "dabba.delivery")
public interface DeliveryConfig {

    /** Couriers within this distance of the restaurant are offered an order first. */
    double radiusKm();

    /** The radius once {@link #widenAfterRounds()} rounds found nobody. */
    double widenedRadiusKm();

    /** How many couriers are offered an order at once (3 to 5: enough that one accepts soon, few enough that most are not disturbed). */
    int offersPerRound();

    /** How long an offer stands; when nobody accepted, the next round starts. */
    Duration offerWindow();

    /** Rounds of offers before the order is flagged for admins and the customer is told of the delay. */
    int rounds();

    /**
     * Once the {@link #rounds()} found nobody: how often the order is offered again (at the widened radius, to
     * anyone available without an open offer of it) until a courier takes it or the deadline.
     */
    Duration slowRoundInterval();

    /** How long after the restaurant accepted an order a courier may still be found; then it is cancelled. */
    Duration dispatchDeadline();

    /**
     * How long an assigned courier may leave the food waiting (from when it was ready, or due by the prep time,
     * and not before they took it) before they are released as a no-show and the order offered again.
     */
    Duration noShowAfter();

    /** How often (ms) the dispatch sweep reads PostgreSQL: deadlines, matchings lost from Redis, no-shows. */
    long sweepInterval();

    /** Rounds at {@link #radiusKm()} before the radius widens. */
    int widenAfterRounds();

    /** A courier whose last position is older than this is not offered orders. */
    Duration staleAfter();

    /** How far ahead of the server's clock a location's ts may be (clock skew) before it is refused. */
    Duration maxClockSkew();

    /** How often (ms) the offer-round route looks for offer windows that ran out. */
    long roundCheckInterval();

    /** How long a REST call waits for Redis before answering 503. */
    Duration redisTimeout();

    /**
     * The fastest a courier can move (km/h): a position further from their last accepted one than this speed
     * allows (plus GPS jitter) is ignored and the courier warned. After {@link #staleAfter()} without a position
     * the next one is accepted wherever it is.
     */
    @Positive
    double maxPlausibleSpeedKmh();

    /** How fast a courier covers the way to the customer (km/h), for delivery estimates ({@link DeliveryEstimate}). */
    @Positive
    double travelSpeedKmh();

    /** The way from courier sockets to Redis: newest position per courier, flushed in batches. */
    Positions positions();

    interface Positions {
        /**
         * Couriers with a position waiting to be stored, at most (one each: a newer one replaces it). Beyond, a
         * position of a courier not already waiting is dropped. Bounds the memory when Redis is slower than the
         * sockets.
         */
        @Positive
        int maxPending();

        /** Positions per Redis pipeline. */
        @Positive
        int batchSize();

        /**
         * The least time between two flushes: what arrives meanwhile is coalesced to the newest per courier. Bounds
         * the work a flood costs Redis: at most {@code max-in-flight} × {@code batch-size} positions per interval.
         */
        Duration flushInterval();

        /** Pipelines sent to Redis and not yet answered, at most; the rest wait in the map, newest per courier. */
        @Positive
        int maxInFlight();
    }
}
