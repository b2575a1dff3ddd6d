package org.dabba.search;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.UUID;
import org.dabba.platform.events.CloudEvent;

/**
 * The ingestion worker's step: whatever restaurant or menu event arrives, rebuild that restaurant's document
 * from the database and hand it to the index. Duplicates and stale events are harmless: the document is the
 * current state, and the index refuses a version it already has or has passed.
 */
@ApplicationScoped
@Named("searchIngestion")
public class SearchIngestion {

    @Inject
    SearchDocuments documents;

    @Inject
    SearchIndex index;

    public void apply(CloudEvent event) {
        refresh(UUID.fromString(event.subject()));
    }

    public void refresh(UUID restaurantId) {
        SearchDocuments.Change change = documents.current(restaurantId);
        change.document().ifPresentOrElse(index::upsert, () -> index.remove(restaurantId, change.version()));
    }
}
