package org.dabba.restaurant;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;

/** What the POS integration endpoints read and answer. */
public final class PosBodies {

    public static final int MAX_URL = 2048;
    public static final int MIN_SECRET = 16;
    public static final int MAX_SECRET = 256;

    private PosBodies() {
    }

    /** {@code PUT /restaurants/{restaurantId}/integrations/pos}. */
    public record PosIntegrationRequest(
            @NotBlank @Size(max = MAX_URL) String url,
            @NotBlank @Size(min = MIN_SECRET, max = MAX_SECRET) String secret) {
    }

    /** The integration as its owner sees it: never the secret, only its last characters. */
    public record PosIntegrationView(UUID restaurantId, String url, String secretHint, Instant createdAt,
            Instant updatedAt) {

        static PosIntegrationView of(PosIntegration i) {
            // Enough of the secret to tell two apart, too little to sign with.
            return new PosIntegrationView(i.restaurantId, i.url, "****" + i.secret.substring(i.secret.length() - 4),
                    i.createdAt, i.updatedAt);
        }
    }

    public record PosDeliveryView(UUID id, String eventId, String eventType, UUID orderId, PosDelivery.Status status,
            int attempts, Integer lastStatusCode, String lastError, Instant nextAttemptAt, Instant deliveredAt,
            Instant createdAt) {

        static PosDeliveryView of(PosDelivery d) {
            return new PosDeliveryView(d.id, d.eventId, d.eventType, d.orderId, d.status, d.attempts,
                    d.lastStatusCode, d.lastError, d.status == PosDelivery.Status.PENDING ? d.nextAttemptAt : null,
                    d.deliveredAt, d.createdAt);
        }
    }
}
