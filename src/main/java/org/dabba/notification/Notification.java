package org.dabba.notification;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A message to one user, readable at GET /notifications. */
@Entity
@Table(name = "notifications")
public class Notification extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "user_id")
    public UUID userId;

    /** The event type that caused it, e.g. {@code restaurant.verified}. */
    public String type;

    public String title;

    public String body;

    /** What it is about, e.g. the restaurant id. */
    @Column(name = "subject_id")
    public UUID subjectId;

    @Column(name = "created_at")
    public Instant createdAt;
}
