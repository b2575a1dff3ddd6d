package org.dabba.platform.http;

import java.util.Locale;

/** One spelling of an operation's verb and path, e.g. {@code GET /carts/{cartId}}, for the DSL and the contract. */
public final class OperationKeys {

    private OperationKeys() {
    }

    public static String key(String verb, String base, String path) {
        String joined = ((base == null ? "" : base) + (path == null ? "" : "/" + path)).replaceAll("/+", "/");
        if (joined.length() > 1 && joined.endsWith("/")) {
            joined = joined.substring(0, joined.length() - 1);
        }
        return verb.toUpperCase(Locale.ROOT) + " " + (joined.isEmpty() ? "/" : joined);
    }
}
