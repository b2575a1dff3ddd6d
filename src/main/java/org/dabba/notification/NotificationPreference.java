package org.dabba.notification;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A user's notification preferences as they last set them; without a row, their role's defaults apply. */
@Entity
@Table(name = "notification_preferences")
public class NotificationPreference extends PanacheEntityBase {

    @Id
    @Column(name = "user_id")
    public UUID userId;

    /** JSON of {@link Preferences}. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String preferences;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
