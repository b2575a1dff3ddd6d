package org.dabba.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SearchTextTest {

    @Test
    void theAsciiFastPathNormalizesExactlyAsTheFullOne() {
        for (String text : new String[] { "Domino's Pizza", "  Chicken-65 (boneless)!! ", "IRANI chai`s", "a",
            "...", "Paneer  Tikka\tMasala\n", "x'y'z", "50% off & more" }) {
            assertEquals(SearchText.normalizeFully(text), SearchText.normalizeAscii(text), text);
        }
        Random random = new Random(1);
        String alphabet = "aZ9 '`-_.,!\t\nQz0()&";
        for (int i = 0; i < 10_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int j = random.nextInt(20); j > 0; j--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertEquals(SearchText.normalizeFully(text.toString()), SearchText.normalizeAscii(text.toString()),
                    text.toString());
        }
    }

    @Test
    void textBeyondAsciiTakesTheFullPath() {
        assertNull(SearchText.normalizeAscii("Café"));
        assertEquals("cafe creme", SearchText.normalize("Café Crème"));
        assertEquals("dominos", SearchText.normalize("Domino’s"));
    }
}
