package org.dabba.search;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The search index answers within two seconds: the local Lucene index is open, or the Elasticsearch/OpenSearch
 * alias serving searches counts its documents.
 */
@Readiness
@ApplicationScoped
public class SearchReadiness implements HealthCheck {

    @Inject
    SearchIndex index;

    @Override
    public HealthCheckResponse call() {
        try {
            long documents = CompletableFuture.supplyAsync(index::count).get(2, TimeUnit.SECONDS);
            return HealthCheckResponse.named("search").up().withData("documents", documents).build();
        } catch (Exception e) {
            return HealthCheckResponse.named("search").down()
                    .withData("error", e.getClass().getSimpleName()).build();
        }
    }
}
