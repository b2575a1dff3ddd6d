package org.dabba.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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

    @Test
    void dishesMatchByTheEnginesFuzzyRule() {
        List<String> dosa = SearchText.tokens("dsoa");
        assertTrue(SearchText.matches(dosa, "Masala Dosa"), "a transposition is one edit");
        assertTrue(SearchText.matches(SearchText.tokens("biriyani"), "Chicken Biryani (Hyderabadi)"));
        assertTrue(SearchText.matches(SearchText.tokens("chiken 65"), "Chicken 65"));
        assertFalse(SearchText.matches(SearchText.tokens("piza"), "Chicken 65"));
        assertFalse(SearchText.matches(SearchText.tokens("oiza"), "Pizza Margherita"), "the first letter must match");
        assertFalse(SearchText.matches(List.of(), "Pizza"));
    }
}
