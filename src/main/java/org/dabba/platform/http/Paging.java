package org.dabba.platform.http;

import org.apache.camel.Exchange;
import org.dabba.platform.error.ProblemException;

/**
 * The {@code page} (from 0) and {@code size} (1 to 100, default 20) query parameters of every list. A page may start
 * at most {@link #MAX_OFFSET} items in (page × size): deeper pages cost the database a scan of everything before
 * them, and nobody pages that far by hand.
 */
public final class Paging {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;
    public static final int MAX_OFFSET = 10_000;

    private Paging() {
    }

    /** The page, refused (400 naming {@code page}) when it would start more than {@link #MAX_OFFSET} items in. */
    public static int page(Exchange e) {
        int size = size(e);
        int page = intParam(e, "page", 0, 0, MAX_OFFSET);
        if ((long) page * size > MAX_OFFSET) {
            throw ProblemException.invalid("page", "must start at most " + MAX_OFFSET + " items in (page × size ≤ "
                    + MAX_OFFSET + "); with size " + size + " the last page is " + MAX_OFFSET / size);
        }
        return page;
    }

    public static int size(Exchange e) {
        return intParam(e, "size", DEFAULT_SIZE, 1, MAX_SIZE);
    }

    /** A whole-number query parameter from {@code min} to {@code max}, or its default when not sent; else 400. */
    public static int intParam(Exchange e, String name, int defaultValue, int min, int max) {
        String raw = e.getMessage().getHeader(name, String.class);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw ProblemException.invalid(name, "must be a whole number from " + min + " to " + max);
    }
}
