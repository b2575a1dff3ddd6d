package org.dabba.restaurant;

import static org.dabba.platform.Text.blankToNull;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;
import org.dabba.media.UploadedImage;
import org.dabba.platform.Time;
import org.dabba.platform.error.Constraints;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.security.Caller;
import org.dabba.restaurant.Restaurant.OperationalStatus;
import org.dabba.restaurant.Restaurant.Status;
import org.dabba.restaurant.RestaurantBodies.Decision;
import org.dabba.restaurant.RestaurantBodies.RegisterRestaurantRequest;
import org.dabba.restaurant.RestaurantBodies.RestaurantView;
import org.dabba.restaurant.RestaurantBodies.VerificationRequest;
import org.dabba.restaurant.events.RestaurantDeactivated;
import org.dabba.restaurant.events.RestaurantReactivated;
import org.dabba.restaurant.events.RestaurantRegistered;
import org.dabba.restaurant.events.RestaurantRejected;
import org.dabba.restaurant.events.RestaurantVerified;

/** An owner registers a restaurant; the admins verify it, and may later deactivate and reactivate it. */
@ApplicationScoped
public class RestaurantOnboarding {

    @Inject
    RestaurantChanges changes;

    /** Registers a restaurant for the calling owner; the licence number's unique index decides races. */
    @Transactional
    public RestaurantView register(Caller owner, RegisterRestaurantRequest request) {
        UploadedImage logo = RestaurantChanges.logo(request.logoUrl());
        Restaurant r = new Restaurant();
        r.id = UUID.randomUUID();
        r.ownerId = owner.userId();
        r.name = request.name().strip();
        r.description = blankToNull(request.description());
        r.status = Status.PENDING_VERIFICATION;
        r.operationalStatus = OperationalStatus.OFFLINE;
        r.locate(request.address());
        r.reachAt(request.contact());
        r.licenseNumber = request.licenseNumber().strip();
        r.gst = blankToNull(request.gst());
        r.createdAt = Time.now();
        r.updatedAt = r.createdAt;
        try {
            r.persistAndFlush();
        } catch (PersistenceException e) {
            if (Constraints.violated(e, "restaurants_license_number_key")) {
                throw ProblemException.conflict("license-taken",
                        "A restaurant with licence number " + r.licenseNumber + " is already registered");
            }
            throw e;
        }
        // Stored after the row is claimed, inside the transaction: if storage fails, the row rolls back.
        changes.storeLogo(r, logo);
        return changes.publish(r, RestaurantRegistered::new);
    }

    @Transactional
    public RestaurantBodies.Page<RestaurantView> listForAdmin(Status status, int page, int size) {
        var query = status == null
                ? Restaurant.<Restaurant>findAll(Sort.by("createdAt"))
                : Restaurant.<Restaurant>find("status", Sort.by("createdAt"), status);
        List<RestaurantView> items = query.page(Page.of(page, size)).list().stream()
                .map(r -> RestaurantView.of(r, true)).toList();
        return new RestaurantBodies.Page<>(items, page, size, query.count());
    }

    @Transactional
    public RestaurantView decide(UUID id, VerificationRequest request) {
        if (request.decision() == Decision.REJECT && blankToNull(request.reason()) == null) {
            throw ProblemException.invalid("reason", "is required to reject a restaurant");
        }
        Restaurant r = Restaurant.require(id);
        if (request.decision() == Decision.APPROVE) {
            r.approve();
            return changes.publish(r, RestaurantVerified::new);
        }
        r.reject(request.reason().strip());
        return changes.publish(r, RestaurantRejected::new);
    }

    @Transactional
    public RestaurantView deactivate(UUID id, String reason) {
        Restaurant r = Restaurant.require(id);
        r.deactivate(reason.strip());
        return changes.publish(r, RestaurantDeactivated::new);
    }

    @Transactional
    public RestaurantView reactivate(UUID id) {
        Restaurant r = Restaurant.require(id);
        r.reactivate();
        return changes.publish(r, RestaurantReactivated::new);
    }
}
