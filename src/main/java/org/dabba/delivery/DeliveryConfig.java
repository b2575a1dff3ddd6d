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

    /** Couriers offered an order at once (3 to 5: one accepts soon, and most are not disturbed). */
    int offersPerRound();

    /** How long an offer stands; when nobody accepted, the next round starts. */
    Duration offerWindow();

    /** Rounds of offers before the order is flagged for admins and the customer is told of the delay. */
    int rounds();

    /** After the {@link #rounds()}: how often the order is offered again until taken or the deadline. */
    Duration slowRoundInterval();

    /** How long after the restaurant accepted an order a courier may still be found; then it is cancelled. */
    Duration dispatchDeadline();

    /** How long an assigned courier may leave the ready food waiting before they are released as a no-show. */
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

    /** The fastest a courier can move (km/h): a position further than this allows is ignored, the courier warned. */
    @Positive
    double maxPlausibleSpeedKmh();

    /** How fast a courier covers the way to the customer (km/h), for delivery estimates ({@link DeliveryEstimate}). */
    @Positive
    double travelSpeedKmh();

    /**
     * Confirmed orders matched at once on this instance: each order's events stay in order on one lane. From an
     * in-memory queue, lanes chosen by the order id; from Kafka, this many consumers of the matching group, each
     * taking its share of the topic's partitions.
     */
    @Positive
    int matchingLanes();

    /** Codes the customer gives the courier at the door. */
    Codes codes();

    interface Codes {
        /** Whether a code is made at pickup and required to deliver. */
        boolean enabled();
    }

    /** The way from courier sockets to Redis: newest position per courier, flushed in batches. */
    Positions positions();

    interface Positions {
        /** Couriers with a position waiting to be stored, at most: bounds the memory when Redis is slow. */
        @Positive
        int maxPending();

        /** Positions per Redis pipeline. */
        @Positive
        int batchSize();

        /** The least time between two flushes: what arrives meanwhile is coalesced to the newest per courier. */
        Duration flushInterval();

        /** Pipelines sent to Redis and not yet answered, at most; the rest wait in the map, newest per courier. */
        @Positive
        int maxInFlight();
    }
}
