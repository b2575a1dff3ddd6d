package org.dabba.search;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

@ConfigMapping(prefix = "dabba.search")
public interface SearchConfig {

    enum Engine { LUCENE, ELASTICSEARCH }

    /** {@code lucene} (embedded, the default) or {@code elasticsearch} (Elasticsearch or OpenSearch). */
    Engine engine();

    /** Where the embedded Lucene index lives. */
    Path luceneDir();

    Elasticsearch elasticsearch();

    ResultCache resultCache();

    /**
     * Answers kept per instance, dropped whenever this instance writes to the index. Right only where every write
     * to the index goes through this instance (embedded Lucene, or a single instance on a node).
     */
    interface ResultCache {
        /** How long an answer is kept at most; zero turns the cache off. */
        Duration ttl();

        /** Answers kept at most (about 10 KB each at 20 hits). */
        long maxEntries();
    }

    interface Elasticsearch {
        /** Node URLs, e.g. {@code http://search-1:9200}. */
        List<String> hosts();

        /** The alias searches go through; indexes behind it are versioned for atomic rebuilds. */
        String alias();
    }
}
