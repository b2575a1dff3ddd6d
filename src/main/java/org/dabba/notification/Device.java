package org.dabba.notification;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A push token of one user's app: the latest user to register a token holds it. */
@Entity
@Table(name = "devices")
public class Device extends PanacheEntityBase {

    public enum Platform {
        ANDROID,
        IOS,
        WEB
    }

    /** The push service's token (FCM, APNs, Web Push), as the app sent it. */
    @Id
    public String token;

    @Column(name = "user_id")
    public UUID userId;

    @Enumerated(EnumType.STRING)
    public Platform platform;

    @Column(name = "app_version")
    public String appVersion;

    /** When its current user registered it. */
    @Column(name = "created_at")
    public Instant createdAt;

    /** When its current user last registered it (apps register on every start). */
    @Column(name = "last_seen_at")
    public Instant lastSeenAt;
}
