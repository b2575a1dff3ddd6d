package org.dabba.search;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one text normalization of search, applied in Java to documents and queries alike so that every engine
 * sees the same tokens: lower case, accents stripped, apostrophes dropped ("Domino's" → "dominos"), other
 * punctuation as spaces. Typo tolerance follows Elasticsearch's AUTO fuzziness, also in one place.
 */
public final class SearchText {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern APOSTROPHES = Pattern.compile("['’`´]");
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    private SearchText() {
    }

    public static String normalize(String text) {
        if (text == null || text.isBlank()) {
            return "";
        }
        String ascii = normalizeAscii(text);
        return ascii != null ? ascii : normalizeFully(text);
    }

    static String normalizeFully(String text) {
        String plain = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("");
        plain = APOSTROPHES.matcher(plain.toLowerCase(Locale.ROOT)).replaceAll("");
        return NON_WORD.matcher(plain).replaceAll(" ").strip();
    }

    /** The same in one pass without regular expressions for ASCII text (the hot path); null for other text. */
    static String normalizeAscii(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean gap = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                return null;
            }
            if (c == '\'' || c == '`') {
                continue;
            }
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                if (gap && out.length() > 0) {
                    out.append(' ');
                }
                gap = false;
                out.append(c);
            } else {
                gap = true;
            }
        }
        return out.toString();
    }

    public static List<String> tokens(String text) {
        String normalized = normalize(text);
        return normalized.isEmpty() ? List.of() : Arrays.asList(normalized.split(" "));
    }

    /** Edits allowed for a token: 0 up to 2 characters, 1 up to 5, else 2 (Elasticsearch's AUTO). */
    public static int allowedEdits(String token) {
        return token.length() <= 2 ? 0 : token.length() <= 5 ? 1 : 2;
    }

    /** Every query token within its allowed edits of a word of {@code text}, first letter shared as engines match. */
    public static boolean matches(List<String> queryTokens, String text) {
        if (queryTokens.isEmpty()) {
            return false;
        }
        String[] words = normalize(text).split(" ");
        for (String token : queryTokens) {
            if (!matchesAnyWord(token, words)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesAnyWord(String token, String[] words) {
        int edits = allowedEdits(token);
        for (String word : words) {
            if (!word.isEmpty() && word.charAt(0) == token.charAt(0) && distanceAtMost(token, word, edits)) {
                return true;
            }
        }
        return false;
    }

    /** Optimal string alignment distance (Levenshtein plus transpositions, as fuzzy queries count) ≤ max. */
    static boolean distanceAtMost(String a, String b, int max) {
        if (Math.abs(a.length() - b.length()) > max) {
            return false;
        }
        if (a.equals(b)) {
            return true;
        }
        int[] beforePrevious = new int[b.length() + 1];
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            int rowMin = current[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int d = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d = Math.min(d, beforePrevious[j - 2] + 1);
                }
                current[j] = d;
                rowMin = Math.min(rowMin, d);
            }
            if (rowMin > max) {
                return false;
            }
            int[] recycled = beforePrevious;
            beforePrevious = previous;
            previous = current;
            current = recycled;
        }
        return previous[b.length()] <= max;
    }
}
