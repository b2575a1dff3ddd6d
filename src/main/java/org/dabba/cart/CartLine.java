package org.dabba.cart;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * One line of a cart: a dish with its name and price when last put, the quantity, the instructions (the same
 * dish with other instructions is another line). The price is a string: the Lua script's numbers are doubles.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CartLine(UUID itemId, String name, @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal unitPrice,
        int quantity, String specialInstructions) {

    @JsonIgnore
    public BigDecimal lineTotal() {
        return unitPrice.multiply(BigDecimal.valueOf(quantity));
    }
}
