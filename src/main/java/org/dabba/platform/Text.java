package org.dabba.platform;

/** Optional free text from requests: blank means absent, so nothing stores or indexes an empty string. */
public final class Text {

    private Text() {
    }

    /** Null for null or blank text, else the text without surrounding white space. */
    public static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
