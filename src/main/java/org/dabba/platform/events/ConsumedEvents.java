package org.dabba.platform.events;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * The durable memory of which events each consumer has already applied. Called inside the consumer's own
 * transaction, so the effect and the record of it commit together: a redelivered event has no second effect.
 */
@ApplicationScoped
public class ConsumedEvents {

    /** @return true the first time {@code consumer} sees {@code eventId}, false for a duplicate */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(String consumer, String eventId) {
        return Panache.getEntityManager().createNativeQuery(
                "insert into consumed_events (consumer, event_id) values (:consumer, :id) on conflict do nothing")
                .setParameter("consumer", consumer)
                .setParameter("id", eventId)
                .executeUpdate() == 1;
    }
}
