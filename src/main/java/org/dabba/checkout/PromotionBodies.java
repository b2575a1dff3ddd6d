package org.dabba.checkout;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.dabba.checkout.Promotion.Type;

/** The request and response bodies of /admin/promotions. */
public final class PromotionBodies {

    private PromotionBodies() {
    }

    /**
     * An admin's promotion. {@code validFrom}/{@code validUntil} are ISO-8601 date-times with an offset, read as
     * text so a bad one is reported by name; {@code perUserLimit} is a number so 1.5 is refused, not truncated.
     */
    public record CreatePromotionRequest(
            @NotNull @Pattern(regexp = "[A-Za-z0-9_-]{3,40}",
                    message = "must be 3 to 40 letters, digits, '-' or '_'") String code,
            @NotNull Type type,
            @NotNull @DecimalMin(value = "0", inclusive = false) @DecimalMax("100000")
            @Digits(integer = 6, fraction = 2, message = "must have at most 2 decimals") BigDecimal value,
            @DecimalMin("0") @DecimalMax("100000")
            @Digits(integer = 6, fraction = 2, message = "must have at most 2 decimals") BigDecimal minOrderAmount,
            @DecimalMin(value = "0", inclusive = false) @DecimalMax("100000")
            @Digits(integer = 6, fraction = 2, message = "must have at most 2 decimals") BigDecimal maxDiscount,
            String validFrom,
            String validUntil,
            @DecimalMin("1") @DecimalMax("1000")
            @Digits(integer = 4, fraction = 0, message = "must be a whole number") BigDecimal perUserLimit) {
    }

    /** A live promotion. Null {@code maxDiscount}, {@code validUntil}, {@code perUserLimit}: no cap, no end, no limit. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record PromotionView(UUID id, String code, Type type, BigDecimal value, BigDecimal minOrderAmount,
            BigDecimal maxDiscount, Instant validFrom, Instant validUntil, Integer perUserLimit, Instant createdAt) {

        static PromotionView of(Promotion p) {
            return new PromotionView(p.id, p.code, p.type, p.value, p.minOrderAmount, p.maxDiscount, p.validFrom,
                    p.validUntil, p.perUserLimit, p.createdAt);
        }
    }

    public record PromotionPage(List<PromotionView> items, int page, int size, long total) {
    }
}
