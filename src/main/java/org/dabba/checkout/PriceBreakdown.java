package org.dabba.checkout;

import java.math.BigDecimal;

/**
 * What an order costs, as the checkout summary shows it and an order keeps it. Every amount has exactly 2
 * decimals, and {@code total = subtotal − discount + tax + platformFee + deliveryFee} holds exactly.
 */
public record PriceBreakdown(BigDecimal subtotal, BigDecimal discount, BigDecimal tax, BigDecimal platformFee,
        BigDecimal deliveryFee, BigDecimal total, String currency) {
}
