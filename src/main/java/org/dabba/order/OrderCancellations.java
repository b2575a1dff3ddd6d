package org.dabba.order;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import org.dabba.order.OrderBodies.CancelRequest;
import org.dabba.order.OrderBodies.OrderRefundView;
import org.dabba.order.OrderBodies.OrderView;
import org.dabba.order.OrderBodies.RefundAsk;
import org.dabba.order.OrderBodies.RefundRequest;
import org.dabba.order.OrderBodies.RefundType;
import org.dabba.order.events.OrderCancelled;
import org.dabba.order.events.OrderRefundRequested;
import org.dabba.payment.MinorUnits;
import org.dabba.platform.error.Problem;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.security.Caller;
import org.dabba.platform.security.Role;

/**
 * Cancellations (the customer's, the owner's, an admin's, the platform's) and admins' partial refunds. Each locks
 * the order row, so that the refunds of an order never add up to more than its charge.
 */
@ApplicationScoped
public class OrderCancellations {

    /** Where each party may cancel: the customer before the restaurant accepts, its owner before pickup. */
    private static final Set<OrderStatus> CUSTOMER_CANCELS = EnumSet.of(OrderStatus.PAYMENT_PENDING,
            OrderStatus.PENDING_RESTAURANT_ACCEPTANCE);
    /** Where the platform may cancel a paid order (dispatch found no courier): not once the food is on its way. */
    private static final Set<OrderStatus> SYSTEM_CANCELS = EnumSet.of(OrderStatus.PENDING_RESTAURANT_ACCEPTANCE,
            OrderStatus.ACCEPTED, OrderStatus.IN_PREPARATION);

    @Inject
    OrderChanges changes;

    @Inject
    OrderReads reads;

    @Inject
    OrderPlacement placement;

    /**
     * {@code POST /orders/{orderId}/cancel}, by its customer, its restaurant's owner or an admin, each in their
     * window, with its refund: 404 for who cannot read the order, 403 outside the window, 409 once it is over. The
     * row is locked, so of two concurrent decisions the second meets the new state.
     */
    @Transactional
    public OrderView cancel(Caller caller, UUID orderId, CancelRequest request) {
        Order o = reads.readable(caller, orderId, true);
        if (o.status.isFinal()) {
            o.status.requireMove(OrderStatus.CANCELLED, o.id);
        }
        boolean customer = caller.userId().equals(o.customerId);
        Set<OrderStatus> window = caller.isAdmin() ? EnumSet.allOf(OrderStatus.class)
                : customer ? CUSTOMER_CANCELS
                : caller.role() == Role.RESTAURANT_OWNER ? OrderStatus.AWAITING_PICKUP : Set.of();
        if (!window.contains(o.status)) {
            throw ProblemException.forbidden(customer
                    ? "Order " + orderId + " is " + o.status + ": a customer may cancel only before the restaurant "
                            + "accepts; ask support"
                    : "Order " + orderId + " is " + o.status + ": the restaurant may cancel only after accepting "
                            + "and before pickup (rejecting is for an order not accepted yet)");
        }
        RefundAsk ask = request.refund();
        if (ask != null && !caller.isAdmin()) {
            throw ProblemException.invalid("refund", "only an admin chooses the refund; a cancellation by the "
                    + "customer or the restaurant is refunded in full");
        }
        cancelOrder(o, request.reason().strip(), Actor.of(caller), ask == null ? new RefundAsk(RefundType.FULL, null)
                : ask);
        return OrderViews.full(o);
    }

    /** The platform gives up a paid order (no courier in time), all of the charge back; false if it cannot. */
    @Transactional
    public boolean cancelBySystem(UUID orderId, String reason) {
        Order o = Order.findById(orderId, LockModeType.PESSIMISTIC_WRITE);
        if (o == null || o.paidAt == null || !o.paymentStatus.charged() || !SYSTEM_CANCELS.contains(o.status)) {
            return false;
        }
        cancelOrder(o, reason, Actor.SYSTEM, new RefundAsk(RefundType.FULL, null));
        return true;
    }

    /**
     * CANCELLED by {@code by} with the refund asked (none if never charged). An unpaid order ends as expiry ends it
     * and its intent is cancelled; should the customer pay it meanwhile, that payment is refunded.
     */
    private void cancelOrder(Order o, String reason, Actor by, RefundAsk ask) {
        if (ask.type() != RefundType.PARTIAL && ask.amount() != null) {
            throw ProblemException.invalid("refund.amount", "only a PARTIAL refund takes an amount");
        }
        BigDecimal refundable = o.refundable();
        BigDecimal amount = switch (ask.type()) {
            case NONE -> BigDecimal.ZERO;
            case FULL -> refundable;
            case PARTIAL -> requireRefundable(o, validAmount("refund.amount", ask.amount(), o.currency), refundable);
        };
        OrderCancelled.Refund refund = new OrderCancelled.Refund(ask.type(), amount);
        if (o.status == OrderStatus.PAYMENT_PENDING) {
            placement.endUnpaid(o, OrderStatus.CANCELLED, reason, by, true,
                    s -> new OrderCancelled(s, reason, by, refund, null, null));
            return;
        }
        boolean refunding = amount.signum() > 0;
        o.moveTo(OrderStatus.CANCELLED, refunding ? PaymentStatus.REFUND_PENDING : o.paymentStatus, reason, by);
        OrderRefund asked = refunding ? OrderRefund.request(o, amount, "cancelled: " + reason, by) : null;
        changes.publish(o, s -> new OrderCancelled(s, reason, by, refund, asked == null ? null : asked.id,
                o.paymentIntentId));
    }

    /**
     * {@code POST /admin/orders/{orderId}/refunds}: part of the charge back. The row is locked while the refundable
     * amount is checked, so refunds never add up to more than the charge (409 {@code refund-exceeds-charge}).
     */
    @Transactional
    public OrderRefundView refund(Caller admin, UUID orderId, RefundRequest request) {
        Order o = Order.<Order>findByIdOptional(orderId, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> OrderChanges.notFound(orderId));
        BigDecimal amount = requireRefundable(o, validAmount("amount", request.amount(), o.currency), o.refundable());
        String reason = request.reason().strip();
        Actor by = Actor.of(admin);
        o.changePayment(PaymentStatus.REFUND_PENDING, "refund of " + amount.toPlainString() + " " + o.currency
                + " asked: " + reason, by);
        OrderRefund r = OrderRefund.request(o, amount, reason, by);
        changes.publish(o, s -> new OrderRefundRequested(s, r.id, amount, reason, by, o.paymentIntentId));
        return OrderViews.refund(r, o.currency);
    }

    private static BigDecimal validAmount(String field, BigDecimal amount, String currency) {
        if (amount == null) {
            throw ProblemException.invalid(field, "is required for a PARTIAL refund");
        }
        if (amount.signum() <= 0) {
            throw ProblemException.invalid(field, "must be more than 0");
        }
        try {
            MinorUnits.of(amount, currency);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(field, "must be exact in " + currency + " (at most its decimals)");
        }
        return amount;
    }

    private static BigDecimal requireRefundable(Order o, BigDecimal amount, BigDecimal refundable) {
        if (amount.compareTo(refundable) > 0) {
            throw new ProblemException(new Problem("refund-exceeds-charge", "Conflict", 409, "Order " + o.id
                    + " can have at most " + refundable.toPlainString() + " " + o.currency + " more refunded, not "
                    + amount.toPlainString(), null)
                    .with("refundable", refundable.toPlainString()).with("currency", o.currency)
                    .with("orderId", o.id.toString()));
        }
        return amount;
    }
}
