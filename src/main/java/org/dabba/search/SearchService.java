package org.dabba.search;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.dabba.checkout.Pricing;
import org.dabba.checkout.Pricing.Tariff;
import org.dabba.delivery.DeliveryEstimate;
import org.dabba.platform.Time;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.events.DeadLetters;
import org.dabba.restaurant.RestaurantBodies.Availability;
import org.dabba.restaurant.RestaurantService;
import org.dabba.search.SearchBodies.DeadLetterView;
import org.dabba.search.SearchBodies.MatchedItem;
import org.dabba.search.SearchBodies.RebuildStatus;
import org.dabba.search.SearchBodies.Result;
import org.dabba.search.SearchBodies.Results;
import org.jboss.logging.Logger;

/**
 * Search: asks the index, then adds to each hit what must be live (open now, when it opens: from the database)
 * and what depends on the query (distance, delivery estimate, matched dishes, delivery fee). Also rebuilds the
 * index from the database without taking search offline.
 */
@ApplicationScoped
public class SearchService {

    private static final Logger LOG = Logger.getLogger(SearchService.class);
    private static final int REBUILD_PAGE = 500;
    /** A hit whose restaurant is gone from the database meanwhile. */
    private static final Availability CLOSED = new Availability(false, false, null);

    /** The ingestion's consumer routes (routes/search-ingestion.yaml). */
    static final List<String> INGESTION_CONSUMERS = List.of("search-ingest-restaurant-events",
            "search-ingest-menu-events");

    @Inject
    DeadLetters deadLetters;

    @Inject
    SearchIndex index;

    @Inject
    SearchDocuments documents;

    @Inject
    RestaurantService restaurants;

    @Inject
    SearchConfig config;

    @Inject
    SearchResultCache cache;

    /** Checkout's tariff: each hit shows the delivery fee checkout would charge. */
    @Inject
    Tariff tariff;

    @Inject
    DeliveryEstimate estimate;

    private final AtomicReference<RebuildStatus> rebuild = new AtomicReference<>();
    private final ExecutorService rebuilder = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "search-rebuild");
        t.setDaemon(true);
        return t;
    });

    /** An index in an older layout is rebuilt from the database; it keeps answering meanwhile. */
    void onStart(@Observes StartupEvent event) {
        if (index.needsRebuild()) {
            LOG.info("The search index was written in an older layout: rebuilding it from the database");
            startRebuild();
        }
    }

    public Results search(SearchQuery query) {
        Ranked ranked = cache.answer(query, this::rank);
        Map<UUID, Availability> live = restaurants.availability(ranked.ids());
        List<Result> results = ranked.results().stream()
                .map(r -> r.live(live.getOrDefault(r.restaurantId(), CLOSED))).toList();
        return new Results(results, query.page(), query.size(), ranked.total());
    }

    /**
     * What the index answers, with all that follows from it and the query: every part of a hit but whether it
     * takes orders now, which is read live for each search.
     */
    record Ranked(List<Result> results, long total) {
        List<UUID> ids() {
            return results.stream().map(Result::restaurantId).toList();
        }
    }

    Ranked rank(SearchQuery query) {
        SearchIndex.SearchPage page = index.search(query);
        List<Result> results = page.hits().stream().map(hit -> {
            SearchDocument d = hit.document();
            List<MatchedItem> matched = !query.hasText() ? List.of() : d.menuItems().stream()
                    .filter(dish -> SearchText.matches(query.tokens(), dish.name() + " " + Objects.requireNonNullElse(dish.description(), "")
                            + " " + dish.category()))
                    .map(dish -> new MatchedItem(dish.itemId(), dish.name())).toList();
            boolean near = query.hasPoint();
            return new Result(d.restaurantId(), d.name(), d.logoUrl(), near ? Result.km(hit.distanceKm()) : null,
                    d.rating(), d.popularityScore(), CLOSED.openNow(),
                    near ? estimate.minutes(d.prepMinutes(), hit.distanceKm()) : null, matched,
                    CLOSED.opensAt(), near ? Pricing.deliveryFee(hit.distanceKm(), tariff) : null, d.lat(), d.lon());
        }).toList();
        return new Ranked(results, page.total());
    }

    /** Starts rebuilding the index from the database in the background; 409 if one is running. */
    public synchronized RebuildStatus startRebuild() {
        RebuildStatus current = rebuild.get();
        if (current != null && current.state().equals("RUNNING")) {
            throw ProblemException.conflict("rebuild-running", "A search index rebuild is already running");
        }
        long total = restaurants.countActive();
        RebuildStatus started = new RebuildStatus("RUNNING", 0, total, Time.now(), null, null);
        rebuild.set(started);
        rebuilder.submit(() -> runRebuild(started));
        return started;
    }

    private void runRebuild(RebuildStatus started) {
        SearchIndex.Rebuild fresh = index.rebuild();
        long processed = 0;
        try {
            for (int page = 0; ; page++) {
                List<SearchDocument> batch = documents.activePage(page, REBUILD_PAGE);
                if (batch.isEmpty()) {
                    break;
                }
                fresh.add(batch);
                processed += batch.size();
                rebuild.set(new RebuildStatus("RUNNING", processed, started.total(), started.startedAt(), null, null));
            }
            try {
                fresh.publish();
            } finally {
                cache.indexChanged(); // also after a failed swap: it may have happened
            }
            rebuild.set(new RebuildStatus("DONE", processed, started.total(), started.startedAt(), Time.now(), null));
            LOG.infof("Search index rebuilt: %d restaurants", processed);
        } catch (RuntimeException e) {
            fresh.abandon();
            rebuild.set(new RebuildStatus("FAILED", processed, started.total(), started.startedAt(), Time.now(),
                    e.getMessage()));
            LOG.error("Search index rebuild failed; the live index is unchanged", e);
        }
    }

    public RebuildStatus rebuildStatus() {
        RebuildStatus status = rebuild.get();
        return status != null ? status : new RebuildStatus("NEVER", 0, 0, null, null, null);
    }

    public SearchBodies.Status status(long lag) {
        return new SearchBodies.Status(config.engine().name().toLowerCase(), index.count(), lag,
                deadLetters.countParked(INGESTION_CONSUMERS), rebuildStatus());
    }

    /** The ingestion's parked events: a view of the common dead letters, filtered to the two ingestion routes. */
    public List<DeadLetterView> deadLetters(int page, int size) {
        return deadLetters.parked(INGESTION_CONSUMERS, page, size).stream()
                .map(d -> new DeadLetterView(d.id(), d.eventId(), d.eventType(), d.subject(), d.error(),
                        d.lastFailedAt(), d.event() == null ? null
                                : d.event().isTextual() ? d.event().asText() : d.event().toString()))
                .toList();
    }
}
