package org.dabba.search;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An event the ingestion worker gave up on after its retries. */
@Entity
@Table(name = "search_dead_letters")
public class SearchDeadLetter extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "event_id")
    public String eventId;

    @Column(name = "event_type")
    public String eventType;

    public String subject;

    public String payload;

    public String error;

    @Column(name = "failed_at")
    public Instant failedAt;
}
