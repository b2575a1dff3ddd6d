package org.dabba.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class TextTest {

    @Test
    void blankIsAbsent() {
        assertNull(Text.blankToNull(null));
        assertNull(Text.blankToNull(""));
        assertNull(Text.blankToNull(" \t\n"));
    }

    @Test
    void textIsStripped() {
        assertEquals("no onions", Text.blankToNull("  no onions \n"));
        assertEquals("a", Text.blankToNull("a"));
    }
}
