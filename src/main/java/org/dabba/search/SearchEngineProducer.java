package org.dabba.search;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.apache.http.HttpHost;
import org.dabba.delivery.DeliveryEstimate;
import org.elasticsearch.client.RestClient;
import org.jboss.logging.Logger;

/** Picks the search engine from configuration: one port, two adapters. */
@ApplicationScoped
public class SearchEngineProducer {

    private static final Logger LOG = Logger.getLogger(SearchEngineProducer.class);

    private RestClient client;

    @Produces
    @ApplicationScoped
    SearchIndex searchIndex(SearchConfig config, DeliveryEstimate estimate) {
        if (config.engine() == SearchConfig.Engine.LUCENE) {
            LOG.infof("Search engine: embedded Lucene in %s", config.luceneDir());
            return new LuceneSearchIndex(config.luceneDir(), estimate.minutesPerKm());
        }
        client = RestClient.builder(config.elasticsearch().hosts().stream().map(HttpHost::create)
                .toArray(HttpHost[]::new)).build();
        LOG.infof("Search engine: %s, alias %s", config.elasticsearch().hosts(), config.elasticsearch().alias());
        return new ElasticsearchSearchIndex(client, config.elasticsearch().alias(), estimate.minutesPerKm());
    }

    void close(@Disposes SearchIndex index) throws Exception {
        if (index instanceof AutoCloseable closeable) {
            closeable.close();
        }
        if (client != null) {
            client.close();
        }
    }
}
