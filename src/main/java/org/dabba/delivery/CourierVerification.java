package org.dabba.delivery;

import static org.dabba.platform.Text.blankToNull;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.dabba.delivery.Courier.Verification;
import org.dabba.delivery.DeliveryBodies.CourierPage;
import org.dabba.delivery.DeliveryBodies.CourierProfileView;
import org.dabba.delivery.DeliveryBodies.Decision;
import org.dabba.delivery.DeliveryBodies.VerificationRequest;
import org.dabba.delivery.events.CourierEvent;
import org.dabba.delivery.events.CourierProfile;
import org.dabba.delivery.events.CourierRegistered;
import org.dabba.delivery.events.CourierReinstated;
import org.dabba.delivery.events.CourierRejected;
import org.dabba.delivery.events.CourierSuspended;
import org.dabba.delivery.events.CourierVerified;
import org.dabba.identity.CourierSignedUp;
import org.dabba.identity.IdentityBodies.CourierDetails;
import org.dabba.identity.IdentityBodies.Vehicle;
import org.dabba.platform.Time;
import org.dabba.platform.error.Problem;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.events.Outbox;

/**
 * Couriers' profiles and the admins' verification of them: the only way they change. A courier signs up PENDING
 * and gets no offers until an admin approves them (a fake account cannot take customers' food). Each decision is
 * published ({@code org.dabba.courier.verified}, {@code ...rejected}, {@code ...suspended},
 * {@code ...reinstated}) in its transaction.
 */
@ApplicationScoped
public class CourierVerification {

    static final String EVENTS = "courier";

    @Inject
    Outbox outbox;

    /** Writes the new courier's profile in the sign-up's transaction; bad details fail the whole sign-up. */
    @Transactional(Transactional.TxType.MANDATORY)
    void onSignedUp(@Observes CourierSignedUp signedUp) {
        CourierDetails d = signedUp.details();
        check(d);
        Courier c = new Courier();
        c.id = signedUp.userId();
        c.status = Verification.PENDING;
        c.vehicle = d.vehicle();
        c.vehicleRegistration = blankToNull(d.vehicleRegistration());
        c.licenseNumber = blankToNull(d.licenseNumber());
        c.createdAt = Time.now();
        c.updatedAt = c.createdAt;
        c.persist();
        Courier.flush();
        outbox.publish(EVENTS, c.id, new CourierRegistered(profile(CourierProfileView.of(c))));
    }

    /** A motorised vehicle needs its plate and the rider's driving licence; a bicycle neither. */
    static void check(CourierDetails d) {
        if (d.vehicle() == Vehicle.BICYCLE) {
            return;
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        if (blankToNull(d.vehicleRegistration()) == null) {
            errors.add(new Problem.FieldError("courier.vehicleRegistration", "is required for a " + d.vehicle()));
        }
        if (blankToNull(d.licenseNumber()) == null) {
            errors.add(new Problem.FieldError("courier.licenseNumber", "is required for a " + d.vehicle()));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    /** 409 {@code courier-not-approved} unless an admin approved this courier (and has not suspended them). */
    @Transactional
    public void requireApproved(UUID courierId) {
        Courier c = Courier.findById(courierId);
        if (c == null || !c.isApproved()) {
            throw notApproved(courierId, c == null ? null : c.status);
        }
    }

    static ProblemException notApproved(UUID courierId, Verification status) {
        return ProblemException.conflict("courier-not-approved", status == null
                ? "Courier " + courierId + " has no courier profile; only an approved courier takes orders"
                : "Only an APPROVED courier takes orders; courier " + courierId + " is " + status
                        + (status == Verification.PENDING ? " (an admin has not verified them yet)" : ""));
    }

    /** Which of {@code courierIds} are approved: one query by primary key, for each round of offers. */
    @Transactional
    public Set<UUID> approvedAmong(Collection<UUID> courierIds) {
        if (courierIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(Courier.getEntityManager()
                .createQuery("select c.id from Courier c where c.id in ?1 and c.status = ?2", UUID.class)
                .setParameter(1, courierIds).setParameter(2, Verification.APPROVED).getResultList());
    }

    @Transactional
    public CourierProfileView profile(UUID courierId) {
        return CourierProfileView.of(find(courierId));
    }

    @Transactional
    public CourierPage listForAdmin(Verification status, int page, int size) {
        var query = status == null
                ? Courier.<Courier>findAll(Sort.by("createdAt").and("id"))
                : Courier.<Courier>find("status", Sort.by("createdAt").and("id"), status);
        List<CourierProfileView> items = query.page(Page.of(page, size)).list().stream()
                .map(CourierProfileView::of).toList();
        return new CourierPage(items, page, size, query.count());
    }

    @Transactional
    public CourierProfileView decide(UUID adminId, UUID id, VerificationRequest request) {
        if (request.decision() == Decision.REJECT && blankToNull(request.reason()) == null) {
            throw ProblemException.invalid("reason", "is required to reject a courier");
        }
        return request.decision() == Decision.APPROVE
                ? adminMove(adminId, id, Courier::approve, CourierVerified::new)
                : adminMove(adminId, id, c -> c.reject(request.reason().strip()), CourierRejected::new);
    }

    @Transactional
    public CourierProfileView suspend(UUID adminId, UUID id, String reason) {
        return adminMove(adminId, id, c -> c.suspend(reason.strip()), CourierSuspended::new);
    }

    @Transactional
    public CourierProfileView reinstate(UUID adminId, UUID id) {
        return adminMove(adminId, id, Courier::reinstate, CourierReinstated::new);
    }

    private CourierProfileView adminMove(UUID adminId, UUID id, Consumer<Courier> move,
            Function<CourierProfile, CourierEvent> event) {
        Courier c = find(id);
        move.accept(c);
        c.decidedBy = adminId;
        c.decidedAt = Time.now();
        c.updatedAt = c.decidedAt;
        Courier.flush();
        CourierProfileView view = CourierProfileView.of(c);
        outbox.publish(EVENTS, c.id, event.apply(profile(view)));
        return view;
    }

    /** The profile as its events carry it, in the events' own shape. */
    private static CourierProfile profile(CourierProfileView v) {
        return new CourierProfile(v.id(), name(v.status()), name(v.vehicle()), v.vehicleRegistration(),
                v.licenseNumber(), v.statusReason(), v.decidedBy(), v.decidedAt(), v.createdAt(), v.updatedAt(),
                v.version());
    }

    private static Courier find(UUID id) {
        return Courier.<Courier>findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("Courier", id));
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }
}
