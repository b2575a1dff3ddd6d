package org.dabba.search;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.List;

@ConfigMapping(prefix = "dabba.search")
public interface SearchConfig {

    enum Engine { LUCENE, ELASTICSEARCH }

    /** {@code lucene} (embedded, the default) or {@code elasticsearch} (Elasticsearch or OpenSearch). */
    Engine engine();

    /** Where the embedded Lucene index lives. */
    Path luceneDir();

    Elasticsearch elasticsearch();

    interface Elasticsearch {
        /** Node URLs, e.g. {@code http://search-1:9200}. */
        List<String> hosts();

        /** The alias searches go through; indexes behind it are versioned for atomic rebuilds. */
        String alias();
    }
}
