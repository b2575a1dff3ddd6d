package org.dabba.search;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.dabba.search.SearchService.Ranked;

/**
 * What the index answered to a query, kept for a short while: customers repeat the very same search from the same
 * address (back, a tab, the next page and back), and an answer costs the engine every match in the radius.
 *
 * <p>The key is the whole validated query: its exact point, since distances, fees and the ranking depend on it, and
 * its normalized tokens, so that "Piza " and "piza" share an answer. Every write to the index empties the cache
 * ({@link #indexChanged}); an answer computed from the index as it was before a write is never kept past it (the
 * generation it was read at no longer matches).
 */
@Singleton
public class SearchResultCache {

    private record Kept(Ranked answer, long generation) {
    }

    private final Cache<SearchQuery, Kept> answers;
    private final boolean enabled;
    /** Grows with every write to the index. */
    private final AtomicLong generation = new AtomicLong();

    SearchResultCache(SearchConfig config, MeterRegistry registry) {
        SearchConfig.ResultCache settings = config.resultCache();
        enabled = !settings.ttl().isZero() && settings.maxEntries() > 0;
        answers = Caffeine.newBuilder().expireAfterWrite(enabled ? settings.ttl() : java.time.Duration.ofSeconds(1))
                .maximumSize(Math.max(settings.maxEntries(), 0)).recordStats().build();
        if (enabled) {
            CaffeineCacheMetrics.monitor(registry, answers, "search-results");
        }
    }

    Ranked answer(SearchQuery query, Function<SearchQuery, Ranked> ask) {
        if (!enabled) {
            return ask.apply(query);
        }
        long readAt = generation.get(); // before the index is read
        Kept kept = answers.getIfPresent(query);
        if (kept != null && kept.generation() == readAt) {
            return kept.answer();
        }
        Ranked answer = ask.apply(query);
        if (generation.get() == readAt) {
            answers.put(query, new Kept(answer, readAt));
        }
        return answer;
    }

    /** The index changed: a kept answer may now be wrong anywhere (a restaurant may have moved, or left a city). */
    public void indexChanged() {
        generation.incrementAndGet();
        answers.invalidateAll();
    }
}
