package org.dabba.checkout;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.dabba.checkout.Promotion.Type;
import org.dabba.checkout.PromotionBodies.CreatePromotionRequest;
import org.dabba.checkout.PromotionBodies.PromotionPage;
import org.dabba.checkout.PromotionBodies.PromotionView;
import org.dabba.platform.Time;
import org.dabba.platform.error.Constraints;
import org.dabba.platform.error.Problem;
import org.dabba.platform.error.ProblemException;

/** Promotion codes: admins manage them; checkout asks what one is worth and records its use with the order. */
@ApplicationScoped
public class Promotions {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    @Transactional
    public PromotionView create(CreatePromotionRequest request) {
        Instant now = Time.now();
        List<Problem.FieldError> errors = new ArrayList<>();
        Instant validFrom = instant(errors, "validFrom", request.validFrom());
        Instant validUntil = instant(errors, "validUntil", request.validUntil());
        if (request.type() == Type.PERCENTAGE && request.value().compareTo(HUNDRED) > 0) {
            errors.add(new Problem.FieldError("value", "must be at most 100 for a PERCENTAGE promotion"));
        }
        Instant from = validFrom == null ? now : validFrom;
        if (validUntil != null && !validUntil.isAfter(from)) {
            errors.add(new Problem.FieldError("validUntil", "must be after validFrom (" + from + ")"));
        } else if (validUntil != null && !validUntil.isAfter(now)) {
            errors.add(new Problem.FieldError("validUntil", "must be in the future"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }

        Promotion p = new Promotion();
        p.id = UUID.randomUUID();
        p.code = Promotion.normalize(request.code());
        p.type = request.type();
        p.value = request.value().setScale(Pricing.SCALE);
        p.minOrderAmount = request.minOrderAmount() == null ? BigDecimal.ZERO.setScale(Pricing.SCALE)
                : request.minOrderAmount().setScale(Pricing.SCALE);
        p.maxDiscount = request.maxDiscount() == null ? null : request.maxDiscount().setScale(Pricing.SCALE);
        p.validFrom = from;
        p.validUntil = validUntil;
        p.perUserLimit = request.perUserLimit() == null ? null : request.perUserLimit().intValueExact();
        p.createdAt = now;
        try {
            p.persistAndFlush();
        } catch (PersistenceException e) {
            if (Constraints.violated(e, "promotions_code_live_key")) {
                throw ProblemException.conflict("promo-code-taken", "A promotion with code " + p.code + " exists");
            }
            throw e;
        }
        return PromotionView.of(p);
    }

    /** Live promotions, newest first. */
    @Transactional
    public PromotionPage list(int page, int size) {
        var query = Promotion.<Promotion>find("deletedAt is null", Sort.by("createdAt").descending().and("id"));
        List<PromotionView> items = query.page(Page.of(page, size)).list().stream().map(PromotionView::of).toList();
        return new PromotionPage(items, page, size, query.count());
    }

    @Transactional
    public PromotionView get(String code) {
        return PromotionView.of(live(code));
    }

    /** Marks it deleted: it stops applying at once, and orders that used it keep their reference. */
    @Transactional
    public void delete(String code) {
        Promotion p = live(code);
        p.deletedAt = Time.now();
    }

    /**
     * The discount {@code code} gives {@code userId} on {@code subtotal} at {@code now}; zero for no code, else a
     * 422 naming why it does not apply. Reads only: {@link #recordUse} enforces the limit under concurrency.
     */
    @Transactional
    public BigDecimal evaluate(String code, UUID userId, BigDecimal subtotal, Instant now) {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(subtotal, "subtotal");
        Objects.requireNonNull(now, "now");
        if (code == null || code.isBlank()) {
            return BigDecimal.ZERO.setScale(Pricing.SCALE);
        }
        Promotion p = Promotion.findLive(code).orElseThrow(() -> invalidCode(code));
        if (now.isBefore(p.validFrom)) {
            throw notApplicable("promo-not-yet-valid", "Promotion not yet valid",
                    "Promotion " + p.code + " is valid from " + p.validFrom, p.code, "validFrom", p.validFrom);
        }
        if (p.validUntil != null && !now.isBefore(p.validUntil)) {
            throw notApplicable("promo-expired", "Promotion expired",
                    "Promotion " + p.code + " expired at " + p.validUntil, p.code, "validUntil", p.validUntil);
        }
        if (subtotal.compareTo(p.minOrderAmount) < 0) {
            throw notApplicable("promo-min-order-not-met", "Minimum order not met",
                    "Promotion " + p.code + " needs a subtotal of at least " + p.minOrderAmount.toPlainString(),
                    p.code, "minOrderAmount", p.minOrderAmount);
        }
        if (p.perUserLimit != null && PromotionUse.countFor(p.id, userId) >= p.perUserLimit) {
            throw usageLimitReached(p.code, p.perUserLimit);
        }
        return p.discountOn(subtotal);
    }

    /**
     * Records that {@code userId}'s order uses {@code code}, refused past the per-user limit, in the transaction
     * that creates the order (keep the gateway call outside it: the locks hold until it ends). The promotion row
     * is read {@code FOR SHARE} (a delete waits) and a lock on (promotion, user) serializes one user's checkouts
     * with the code, so the count cannot miss a use committed meanwhile. The same order again is a no-op.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordUse(String code, UUID userId, UUID orderId) {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(orderId, "orderId");
        var em = Promotion.getEntityManager();
        // Scalars, not the entity: a Promotion already in the session could carry a stale deleted_at.
        List<?> rows = em.createNativeQuery(
                "select id, per_user_limit from promotions where code = ?1 and deleted_at is null for share")
                .setParameter(1, Promotion.normalize(code)).getResultList();
        if (rows.isEmpty()) {
            throw invalidCode(code);
        }
        Object[] row = (Object[]) rows.get(0);
        UUID promotionId = (UUID) row[0];
        Integer perUserLimit = row[1] == null ? null : ((Number) row[1]).intValue();

        lockUntilCommit("dabba.promotion-use:" + promotionId + ":" + userId);
        PromotionUse existing = PromotionUse.findById(orderId);
        if (existing != null) {
            if (existing.promotionId.equals(promotionId) && existing.userId.equals(userId)) {
                return;
            }
            throw ProblemException.conflict("promo-already-applied",
                    "Order " + orderId + " already uses another promotion");
        }
        if (perUserLimit != null && PromotionUse.countFor(promotionId, userId) >= perUserLimit) {
            throw usageLimitReached(Promotion.normalize(code), perUserLimit);
        }
        PromotionUse use = new PromotionUse();
        use.orderId = orderId;
        use.promotionId = promotionId;
        use.userId = userId;
        use.usedAt = Time.now();
        use.persistAndFlush();
    }

    /** Gives back the use of an order that will never be paid, so the code may be used again. */
    @Transactional
    public boolean releaseUse(UUID orderId) {
        return PromotionUse.deleteById(orderId);
    }

    private static Promotion live(String code) {
        return Promotion.findLive(code).orElseThrow(() -> ProblemException.notFound("Promotion", code));
    }

    /** A lock on {@code name} (namespaced, so features never meet) held until the transaction ends. */
    static void lockUntilCommit(String name) {
        long key = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).getMostSignificantBits();
        Promotion.getEntityManager().createNativeQuery("select count(*) from pg_advisory_xact_lock(?1)")
                .setParameter(1, key).getSingleResult();
    }

    /** An ISO-8601 date-time with an offset, e.g. 2026-12-01T00:00:00+05:30; null when absent. */
    private static Instant instant(List<Problem.FieldError> errors, String field, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(raw.strip()).toInstant().truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError(field,
                    "must be an ISO-8601 date-time with an offset, e.g. 2026-12-01T00:00:00Z"));
            return null;
        }
    }

    private static ProblemException invalidCode(String code) {
        String shown = Promotion.normalize(code);
        return notApplicable("promo-invalid", "Invalid promotion code", "There is no promotion " + shown, shown,
                null, null);
    }

    private static ProblemException usageLimitReached(String code, int perUserLimit) {
        return notApplicable("promo-usage-limit-reached", "Promotion usage limit reached",
                "Promotion " + code + " can be used " + perUserLimit + (perUserLimit == 1 ? " time" : " times")
                        + " per customer, and you have used it up", code, "perUserLimit", perUserLimit);
    }

    /** A 422 naming the code and, if given, the rule's figure ({@code member}) the caller can show. */
    private static ProblemException notApplicable(String slug, String title, String detail, String code,
            String member, Object value) {
        Problem problem = new Problem(slug, title, 422, detail, null).with("code", code);
        if (member != null) {
            problem.with(member, value);
        }
        return new ProblemException(problem);
    }
}
