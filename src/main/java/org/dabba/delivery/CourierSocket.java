package org.dabba.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import java.util.UUID;
import org.dabba.delivery.DeliveryBodies.Error;
import org.dabba.delivery.DeliveryBodies.LocationUpdate;
import org.dabba.delivery.DeliveryBodies.OrderMessage;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.http.JsonLimits;
import org.dabba.platform.limits.LimitsConfig;
import org.dabba.platform.limits.SocketCaps;
import org.dabba.platform.security.Caller;
import org.dabba.platform.security.SocketAccess;
import org.dabba.platform.sockets.InboundPacing;
import org.dabba.platform.sockets.SocketWrites;

/**
 * {@code /ws/couriers/me}: a courier's line to the platform. In: {@code location} messages (the hot path: checked,
 * then kept as the courier's newest position until {@link LatestPositions} stores it in Redis; nothing answered
 * unless refused; a jump no vehicle makes is ignored with a {@code warning} {@code implausible-position}) and
 * {@code accept} of an offer. Out: {@code offer}, {@code offer.revoked}, {@code order.ready}, {@code error} for a
 * refused message, and {@code warning} {@code rate-limited} when locations come faster than
 * {@code dabba.limits.courier-locations.per-second} (the extra ones are dropped). Couriers only
 * ({@link CourierSocketAccess}); a courier's sockets beyond {@code dabba.limits.sockets.courier} close the oldest.
 */
@WebSocket(path = "/ws/couriers/me", endpointId = CourierSocket.ID)
public class CourierSocket {

    static final String ID = "courier";

    private static final UserData.TypedKey<LocationRate> LOCATION_RATE = new UserData.TypedKey<>("dabba.location-rate");
    private static final Error INVALID_ACCEPT = new Error("error", "invalid-accept", "orderId", "orderId is required");
    private static final Error UNKNOWN_TYPE = new Error("error", "unknown-type", "type",
            "type must be location or accept");

    @Inject
    CourierSockets sockets;

    @Inject
    CourierPresence presence;

    @Inject
    Dispatcher dispatcher;

    @Inject
    ObjectMapper mapper;

    @Inject
    SocketCaps caps;

    @Inject
    LimitsConfig limits;

    @Inject
    LatestPositions positions;

    @Inject
    SocketWrites writes;

    @Inject
    InboundPacing pacing;

    private Counter rateLimited;

    @PostConstruct
    void meters() {
        rateLimited = positions.counter("rate-limited");
    }

    @OnOpen
    @NonBlocking
    void open(WebSocketConnection connection) {
        UUID courierId = courier(connection).userId();
        connection.userData().put(LOCATION_RATE,
                new LocationRate(limits.courierLocations().perSecond(), System.nanoTime()));
        sockets.opened(courierId, connection);
        caps.opened(SocketCaps.Kind.COURIER, courierId, connection);
    }

    @OnClose
    @NonBlocking
    void close(WebSocketConnection connection) {
        UUID courierId = courier(connection).userId();
        sockets.closed(courierId, connection);
        caps.closed(SocketCaps.Kind.COURIER, courierId, connection);
    }

    /**
     * On the event loop: a location never waits for anything but Redis; an accept goes to a worker (database). A
     * message is read once, straight into its fields; only one that does not read so is looked at again, to say
     * what is wrong with it.
     */
    @OnTextMessage
    Uni<Void> message(String text, WebSocketConnection connection) {
        pacing.received(connection);
        Caller courier = courier(connection);
        LocationUpdate message;
        try {
            message = JsonLimits.fromCaller(mapper, LocationUpdate.class).readValue(text);
        } catch (JsonLimits.Refused e) {
            return reply(connection, new Error("error", "validation", field(e), e.reason()));
        } catch (Exception e) {
            return reply(connection, unreadable(text));
        }
        String type = message.type() == null ? "" : message.type();
        switch (type) {
            case "location" -> {
                LocationRate.Verdict verdict = connection.userData().get(LOCATION_RATE).take(System.nanoTime());
                if (verdict != LocationRate.Verdict.TAKE) {
                    rateLimited.increment();
                    return verdict == LocationRate.Verdict.DROP ? Uni.createFrom().voidItem()
                            : reply(connection, new Error("warning", "rate-limited", null, "More than "
                                    + limits.courierLocations().perSecond() + " locations a second: the extra ones "
                                    + "are dropped, not stored"));
                }
                try {
                    presence.offer(courier.userId(), message, connection);
                    return Uni.createFrom().voidItem();
                } catch (ProblemException e) {
                    return reply(connection, error(e));
                }
            }
            case "accept" -> {
                if (message.orderId() == null) {
                    return reply(connection, INVALID_ACCEPT);
                }
                UUID orderId = message.orderId();
                return Uni.createFrom().item(() -> dispatcher.accept(courier.userId(), orderId))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                        .chain(a -> reply(connection, new OrderMessage("assigned", a.orderId(), null)))
                        .onFailure().recoverWithUni(e -> reply(connection, error(e)));
            }
            default -> {
                return reply(connection, UNKNOWN_TYPE);
            }
        }
    }

    /** Why a message does not read as one of ours: not JSON at all, or a field of the wrong kind. */
    private Error unreadable(String text) {
        JsonNode json;
        try {
            json = mapper.readTree(text);
        } catch (Exception e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            return new Error("error", "unreadable", null, "Messages are JSON objects with a type");
        }
        return switch (json.path("type").asText("")) {
            case "location" -> new Error("error", "invalid-location", null,
                    "lat, long, heading and speed are numbers, ts an ISO-8601 instant");
            case "accept" -> INVALID_ACCEPT;
            default -> UNKNOWN_TYPE;
        };
    }

    /** The field a refused value came in (messages are flat), or null. */
    private static String field(JsonLimits.Refused refused) {
        return refused.getPath().isEmpty() ? null : refused.getPath().get(refused.getPath().size() - 1).getFieldName();
    }

    /**
     * A refusal as its problem says it (an implausible position as a {@code warning}: the courier is not at fault,
     * their GPS is); anything else (Redis away or overloaded) as {@code unavailable}.
     */
    private static Error error(Throwable failure) {
        if (!(failure instanceof ProblemException p)) {
            return new Error("error", "unavailable", null, "Not processed right now; send it again in a moment");
        }
        String field = p.problem().getErrors() == null || p.problem().getErrors().isEmpty() ? null
                : p.problem().getErrors().get(0).field();
        String slug = p.problem().getType();
        String code = slug.substring(slug.lastIndexOf('/') + 1);
        return new Error("implausible-position".equals(code) ? "warning" : "error", code, field,
                p.problem().getDetail());
    }

    /** Never waits for the client: a courier that does not read its answers is closed ({@link SocketWrites}). */
    private Uni<Void> reply(WebSocketConnection connection, Object message) {
        writes.send(connection, sockets.json(message));
        return Uni.createFrom().voidItem();
    }

    private static Caller courier(WebSocketConnection connection) {
        return connection.userData().get(SocketAccess.CALLER);
    }
}
