package org.dabba.cart;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * One line of a cart: a dish with the name and price it had when this line was last put, the quantity, and
 * the customer's instructions (absent when none). The same dish with other instructions is another line.
 * The price is stored as a string so that the Lua script, whose numbers are doubles, never touches money.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CartLine(UUID itemId, String name, @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal unitPrice,
        int quantity, String specialInstructions) {

    @JsonIgnore
    public BigDecimal lineTotal() {
        return unitPrice.multiply(BigDecimal.valueOf(quantity));
    }
}
