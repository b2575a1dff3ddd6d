package org.dabba.platform.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A problem's extensions never shadow its standard members: {@code status} is the HTTP status, always. */
class ProblemTest {

    @Test
    void extensionsCannotTakeAStandardMembersName() {
        for (String member : new String[] { "type", "title", "status", "detail", "instance", "errors" }) {
            assertThrows(IllegalArgumentException.class,
                    () -> new Problem("x", "X", 409, "x", null).with(member, "ACCEPTED"), member);
        }
        assertEquals("ACCEPTED", new Problem("x", "X", 409, "x", null).with("orderStatus", "ACCEPTED")
                .getExtensions().get("orderStatus"));
    }
}
