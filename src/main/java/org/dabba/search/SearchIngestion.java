package org.dabba.search;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.UUID;
import org.dabba.platform.events.CloudEvent;

/**
 * The ingestion worker's step: any restaurant or menu event rebuilds that restaurant's document from the database.
 * Duplicates and stale events are harmless: the index refuses a version it already has or has passed. Search's
 * kept answers are dropped with each write that changes the index, so the next search sees it; a refused duplicate
 * keeps them.
 */
@ApplicationScoped
@Named("searchIngestion")
public class SearchIngestion {

    @Inject
    SearchDocuments documents;

    @Inject
    SearchIndex index;

    @Inject
    SearchResultCache cache;

    public void apply(CloudEvent event) {
        refresh(UUID.fromString(event.subject()));
    }

    public void refresh(UUID restaurantId) {
        SearchDocuments.Change change = documents.current(restaurantId);
        boolean changed = true; // unless the index says otherwise: a failed write may have reached it
        try {
            changed = change.document().map(index::upsert).orElseGet(() -> index.remove(restaurantId, change.version()));
        } finally {
            if (changed) {
                cache.indexChanged();
            }
        }
    }
}
