package org.dabba.checkout;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * A promotion code, case-insensitive (stored upper-case). Deleting only marks it, so orders keep their reference;
 * the code may then be created anew.
 */
@Entity
@Table(name = "promotions")
public class Promotion extends PanacheEntityBase {

    public enum Type { PERCENTAGE, FLAT }

    @Id
    public UUID id;

    public String code;

    @Enumerated(EnumType.STRING)
    public Type type;

    /** Percent of the subtotal (0–100] for PERCENTAGE, an amount for FLAT. */
    public BigDecimal value;

    @Column(name = "min_order_amount")
    public BigDecimal minOrderAmount;

    /** Null: no cap beyond the subtotal. */
    @Column(name = "max_discount")
    public BigDecimal maxDiscount;

    @Column(name = "valid_from")
    public Instant validFrom;

    /** Exclusive; null: never expires. */
    @Column(name = "valid_until")
    public Instant validUntil;

    /** Uses per customer; null: unlimited. */
    @Column(name = "per_user_limit")
    public Integer perUserLimit;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;

    /** The discount this promotion gives on {@code subtotal}; the arithmetic is {@link Pricing#discount}'s. */
    BigDecimal discountOn(BigDecimal subtotal) {
        return Pricing.discount(type, value, maxDiscount, subtotal);
    }

    /** How codes compare: the caller's spelling, trimmed and upper-cased. */
    static String normalize(String code) {
        return code.strip().toUpperCase(Locale.ROOT);
    }

    static Optional<Promotion> findLive(String code) {
        return find("code = ?1 and deletedAt is null", normalize(code)).firstResultOptional();
    }
}
