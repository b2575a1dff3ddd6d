package org.dabba.checkout;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.dabba.cart.Cart;
import org.dabba.cart.CartLine;
import org.dabba.cart.CartService;
import org.dabba.checkout.CheckoutBodies.CheckoutAnswer;
import org.dabba.checkout.CheckoutBodies.CheckoutRequest;
import org.dabba.checkout.CheckoutBodies.StaleItem;
import org.dabba.checkout.CheckoutBodies.StaleItem.Reason;
import org.dabba.checkout.CheckoutBodies.Summary;
import org.dabba.checkout.Pricing.Tariff;
import org.dabba.delivery.DeliveryEstimate;
import org.dabba.menu.MenuBodies.MenuItemView;
import org.dabba.menu.MenuService;
import org.dabba.order.OrderBodies.CheckoutState;
import org.dabba.order.OrderBodies.DeliveryAddress;
import org.dabba.order.OrderBodies.NewOrder;
import org.dabba.order.OrderBodies.OrderLine;
import org.dabba.order.OrderBodies.PriceBreakdown;
import org.dabba.order.OrderBodies.PaymentSettled;
import org.dabba.order.OrderPlacement;
import org.dabba.order.OrderStatus;
import org.dabba.payment.MinorUnits;
import org.dabba.payment.PaymentGateway;
import org.dabba.payment.PaymentGateway.PaymentIntent;
import org.dabba.payment.PaymentGatewayException;
import org.dabba.payment.PaymentsConfig;
import org.dabba.platform.Geo;
import org.dabba.platform.Time;
import org.dabba.platform.error.Problem;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.security.Caller;
import org.dabba.restaurant.RestaurantBodies.RestaurantView;
import org.dabba.restaurant.RestaurantService;
import org.jboss.logging.Logger;

/**
 * Checkout: the summary, and {@code POST /orders/checkout} (the cart locked, the order PAYMENT_PENDING with its
 * promotion use in one transaction, then the PaymentIntent outside it). A failure after the lock gives the cart
 * back: by unlocking it before the order exists, after by the order's PAYMENT_FAILED. And the unpaid orders' expiry.
 */
@ApplicationScoped
public class CheckoutService {

    private static final Logger LOG = Logger.getLogger(CheckoutService.class);

    /** How often a replayed checkout looks whether the first request has stored its intent. */
    private static final Duration REPLAY_POLL = Duration.ofMillis(100);

    /** Expired orders read at a time by the expiry route, and how many such pages one run walks at most. */
    static final int EXPIRY_BATCH = 100;
    static final int EXPIRY_PAGES = 10;

    /** A checkout's answer and whether it replays an earlier request's (the same Idempotency-Key). */
    public record Outcome(CheckoutAnswer answer, boolean replayed) {
    }

    /** The order a request's transaction found (another request's, same key) or created. */
    private record Claim(CheckoutState order, boolean replayed) {
    }

    /** A cart re-checked against the menu and priced. */
    record Priced(List<OrderLine> lines, BigDecimal distanceKm, String promoCode, PriceBreakdown price,
            int estimatedDeliveryMinutes) {
    }

    @Inject
    CartService carts;

    @Inject
    MenuService menu;

    @Inject
    RestaurantService restaurants;

    @Inject
    Promotions promotions;

    @Inject
    OrderPlacement orders;

    @Inject
    PaymentGateway gateway;

    @Inject
    Tariff tariff;

    @Inject
    CheckoutConfig config;

    @Inject
    PaymentsConfig payments;

    @Inject
    DeliveryEstimate estimate;

    /** {@code GET /checkout/summary}: the caller's cart (404 for any other), re-checked and priced. */
    public Summary summary(Caller customer, UUID cartId, BigDecimal latitude, BigDecimal longitude, String promoCode) {
        Cart cart = carts.get(customer, cartId);
        Priced p = QuarkusTransaction.requiringNew().call(() -> price(cart, latitude, longitude, promoCode));
        return new Summary(cart.cartId(), cart.restaurantId(), p.lines(), p.promoCode(), p.price(),
                p.estimatedDeliveryMinutes());
    }

    /**
     * {@code POST /orders/checkout}. A customer's Idempotency-Key always answers the order it created first; two
     * requests with one key at once are serialized, so the second waits for that order, not meets its locked cart.
     */
    public Outcome checkout(Caller customer, String idempotencyKey, CheckoutRequest request) {
        Optional<CheckoutState> earlier = orders.findByIdempotencyKey(customer.userId(), idempotencyKey);
        if (earlier.isPresent()) {
            return new Outcome(replay(earlier.get()), true);
        }
        AtomicReference<UUID> lockedCart = new AtomicReference<>();
        Claim claim;
        try {
            claim = QuarkusTransaction.requiringNew().call(() -> {
                // One customer's checkouts with one Idempotency-Key wait for each other.
                Promotions.lockUntilCommit("dabba.checkout:" + customer.userId() + ":" + idempotencyKey);
                Optional<CheckoutState> raced = orders.findByIdempotencyKey(customer.userId(), idempotencyKey);
                if (raced.isPresent()) {
                    return new Claim(raced.get(), true);
                }
                Cart cart = carts.lock(request.cartId(), customer.userId());
                lockedCart.set(cart.cartId());
                return new Claim(createOrder(customer, idempotencyKey, request, cart), false);
            });
        } catch (RuntimeException e) {
            // Rolled back: no order and no promotion use exist, so the cart we locked goes back as it was.
            if (lockedCart.get() != null) {
                unlockQuietly(lockedCart.get());
            }
            throw e;
        }
        if (claim.replayed()) {
            return new Outcome(replay(claim.order()), true);
        }
        return new Outcome(createIntent(claim.order()), false);
    }

    /**
     * Cancels the orders PAYMENT_PENDING for {@code dabba.checkout.payment-timeout}: the intent first (if that
     * fails, or it succeeded meanwhile, the order is left alone), then the order. Answers how many.
     */
    public int expireUnpaid(Instant now) {
        return expireUnpaid(now, EXPIRY_BATCH, EXPIRY_PAGES);
    }

    /** The same, reading {@code batch} orders at a time, at most {@code pages} times. */
    int expireUnpaid(Instant now, int batch, int pages) {
        Instant cutoff = now.minus(config.paymentTimeout());
        int cancelled = 0;
        int failed = 0;
        CheckoutState last = null;
        for (int page = 0; page < pages; page++) {
            List<CheckoutState> overdue = orders.paymentPendingBefore(cutoff, last, batch);
            for (CheckoutState s : overdue) {
                try {
                    if (expire(s)) {
                        cancelled++;
                    }
                } catch (RuntimeException e) {
                    // One order that cannot be ended now (its gateway call or its change failed) must not hold up
                    // the others: it stays PAYMENT_PENDING for the next run and the walk goes on past it.
                    failed++;
                    LOG.warnf("Could not expire order %s (%s); the next run tries again", s.orderId(), e.getMessage());
                }
            }
            if (overdue.size() < batch) {
                break;
            }
            last = overdue.get(overdue.size() - 1);
        }
        if (cancelled > 0 || failed > 0) {
            LOG.infof("Cancelled %d orders whose payment did not come in time (%d could not be, for now)", cancelled,
                    failed);
        }
        return cancelled;
    }

    /** Cancels the intent (refused if it succeeded meanwhile: its webhook pays the order), then the order. */
    private boolean expire(CheckoutState s) {
        if (s.paymentIntentId() != null) {
            gateway.cancelIntent(s.paymentIntentId());
        }
        return orders.cancelUnpaid(s.orderId(), "payment not completed within " + config.paymentTimeout());
    }

    /** An order that will never be paid gives its promotion use back, in the transaction that ends it. */
    void onPaymentSettled(@Observes PaymentSettled settled) {
        if (!settled.paid()) {
            promotions.releaseUse(settled.orderId());
        }
    }

    private CheckoutState createOrder(Caller customer, String idempotencyKey, CheckoutRequest request, Cart cart) {
        DeliveryAddress address = request.deliveryAddress();
        Priced p = price(cart, address.latitude(), address.longitude(), request.promoCode());
        UUID orderId = UUID.randomUUID();
        CheckoutState state = orders.create(new NewOrder(orderId, customer.userId(), cart.restaurantId(),
                cart.cartId(), idempotencyKey, request.paymentMethod(), p.promoCode(), p.lines(),
                new DeliveryAddress(address.street().strip(), address.city().strip(), address.zipCode().strip(),
                        address.latitude(), address.longitude()),
                p.distanceKm(), p.price(), p.estimatedDeliveryMinutes()));
        if (p.promoCode() != null) {
            promotions.recordUse(p.promoCode(), customer.userId(), orderId);
        }
        return state;
    }

    /**
     * The intent of a committed order, under the order's Stripe idempotency key: however often this runs, one
     * intent. A gateway failure marks the order PAYMENT_FAILED.
     */
    private CheckoutAnswer createIntent(CheckoutState s) {
        try {
            PaymentIntent intent = gateway.createIntent(s.orderId(), MinorUnits.of(s.total(), s.currency()),
                    s.currency(), s.paymentMethod(), PaymentGateway.idempotencyKeyFor(s.orderId()));
            return answer(orders.attachIntent(s.orderId(), intent.paymentIntentId(), intent.clientSecret()));
        } catch (RuntimeException e) {
            String reason = e instanceof PaymentGatewayException g ? "payment gateway " + g.kind() + ": "
                    + g.getMessage() : "checkout failed: " + e;
            try {
                orders.markPaymentFailed(s.orderId(), reason);
            } catch (RuntimeException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
    }

    /**
     * The answer of an earlier request with the same key, waiting (a gateway timeout and a margin) for its intent;
     * should it never come, it is created here, with the same Stripe idempotency key: the same intent.
     */
    private CheckoutAnswer replay(CheckoutState s) {
        Instant deadline = Instant.now().plus(payments.timeout()).plusSeconds(5);
        CheckoutState current = s;
        while (current.paymentIntentId() == null && current.status() == OrderStatus.PAYMENT_PENDING
                && Instant.now().isBefore(deadline)) {
            sleep();
            current = orders.checkoutState(s.orderId()).orElse(current);
        }
        if (current.paymentIntentId() != null) {
            return answer(current);
        }
        if (current.status() == OrderStatus.PAYMENT_PENDING) {
            return createIntent(current);
        }
        throw new ProblemException(new Problem("checkout-failed", "Conflict", 409,
                "The checkout with this Idempotency-Key failed (order " + current.orderId() + " is "
                        + current.status() + "); check out again with a new Idempotency-Key", null)
                .with("orderId", current.orderId()).with("orderStatus", current.status()));
    }

    /** The cart re-checked (restaurant open, lines on the menu at their price, within reach) and priced. */
    Priced price(Cart cart, BigDecimal latitude, BigDecimal longitude, String promoCode) {
        if (cart.items().isEmpty()) {
            throw ProblemException.conflict("cart-empty", "Cart " + cart.cartId() + " has no items");
        }
        // ACTIVE, within its opening hours and ONLINE, or 409 restaurant-closed (with opensAt outside its hours).
        RestaurantView r = restaurants.takingOrders(cart.restaurantId());
        Map<UUID, MenuItemView> current = menu.currentItems(r.id(),
                cart.items().stream().map(CartLine::itemId).distinct().toList());
        Map<UUID, StaleItem> stale = new LinkedHashMap<>();
        List<OrderLine> lines = new ArrayList<>();
        for (CartLine line : cart.items()) {
            MenuItemView item = current.get(line.itemId());
            Reason why = item == null ? Reason.REMOVED : !item.isAvailable() ? Reason.UNAVAILABLE
                    : item.price().compareTo(line.unitPrice()) != 0 ? Reason.PRICE_CHANGED : null;
            if (why != null) {
                stale.putIfAbsent(line.itemId(), new StaleItem(line.itemId(), item == null ? line.name() : item.name(),
                        why, line.unitPrice(), item == null ? null : item.price()));
            } else {
                BigDecimal unitPrice = item.price().setScale(Pricing.SCALE);
                lines.add(new OrderLine(item.id(), item.name(), unitPrice, line.quantity(),
                        line.specialInstructions(), unitPrice.multiply(BigDecimal.valueOf(line.quantity()))));
            }
        }
        if (!stale.isEmpty()) {
            throw new ProblemException(new Problem("cart-stale", "Conflict", 409, stale.size()
                    + (stale.size() == 1 ? " item of your cart has" : " items of your cart have")
                    + " changed on the menu; update the cart and check out again", null)
                    .with("cartId", cart.cartId()).with("items", List.copyOf(stale.values())));
        }
        BigDecimal subtotal = lines.stream().map(OrderLine::lineTotal)
                .reduce(BigDecimal.ZERO.setScale(Pricing.SCALE), BigDecimal::add);
        double km = Geo.distanceKm(r.address().latitude().doubleValue(), r.address().longitude().doubleValue(),
                latitude.doubleValue(), longitude.doubleValue());
        BigDecimal distanceKm = BigDecimal.valueOf(km).setScale(3, RoundingMode.HALF_EVEN);
        String code = promoCode == null || promoCode.isBlank() ? null : Promotion.normalize(promoCode);
        BigDecimal discount = promotions.evaluate(code, cart.userId(), subtotal, Time.now());
        PriceBreakdown price = Pricing.price(subtotal, discount, km, r.deliveryRadiusKm(), tariff);
        return new Priced(List.copyOf(lines), distanceKm, code, price, estimate.minutes(r.expectedPrepMinutes(), km));
    }

    private static CheckoutAnswer answer(CheckoutState s) {
        return new CheckoutAnswer(s.orderId(), s.status(), s.paymentIntentId(), s.clientSecret(), s.total(),
                s.currency());
    }

    private void unlockQuietly(UUID cartId) {
        try {
            carts.unlock(cartId);
        } catch (RuntimeException e) {
            LOG.warnf(e, "Could not unlock cart %s after a failed checkout; it expires with its TTL", cartId);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(REPLAY_POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a concurrent checkout", e);
        }
    }
}
