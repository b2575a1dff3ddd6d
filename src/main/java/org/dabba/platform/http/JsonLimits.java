package org.dabba.platform.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * The bounds of every JSON document the app reads, set on the one ObjectMapper. A number is refused before any
 * arithmetic sees it: {@code 1e-400000000} parses in no time but costs minutes and gigabytes once rounded. Strings
 * from callers ({@link #fromCaller}) may not carry control characters or unpaired surrogates, which break logs and
 * other parsers; stored JSON is read as written.
 */
@Singleton
public class JsonLimits implements ObjectMapperCustomizer {

    /** Characters of one number literal: far more than any amount, coordinate or count needs. */
    public static final int MAX_NUMBER_LENGTH = 64;
    /** Objects and arrays within each other: our bodies nest a few levels, Stripe's events about ten. */
    public static final int MAX_NESTING_DEPTH = 64;
    /** One string (a photo sent as base64 is the longest) and one document: the HTTP body limit. */
    public static final int MAX_STRING_LENGTH = 10 * 1024 * 1024;
    public static final long MAX_DOCUMENT_LENGTH = 10L * 1024 * 1024;
    /** A decimal's significant digits, digits before the point, and digits after it (a double prints 17 at most). */
    public static final int MAX_PRECISION = 20;
    public static final int MAX_SCALE = 24;

    /** The reader attribute that marks a document written by a caller, whose strings are checked. */
    private static final String FROM_CALLER = JsonLimits.class.getName() + ".fromCaller";

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxStringLength(MAX_STRING_LENGTH)
                .maxDocumentLength(MAX_DOCUMENT_LENGTH)
                .build());
        mapper.registerModule(new SimpleModule("dabba-json-limits")
                .addDeserializer(BigDecimal.class, new BoundedDecimal())
                .addDeserializer(Double.class, new FiniteDouble(Double.class, null))
                .addDeserializer(Double.TYPE, new FiniteDouble(Double.TYPE, 0d))
                .addDeserializer(String.class, new CleanString()));
    }

    /** A reader of what a caller sent (a request body, a socket message): its strings are checked too. */
    public static ObjectReader fromCaller(ObjectMapper mapper, Class<?> type) {
        return mapper.readerFor(type).withAttribute(FROM_CALLER, Boolean.TRUE);
    }

    /** A number written by a caller outside JSON (a query parameter), within the same bounds; null if it is none. */
    public static BigDecimal decimal(String raw) {
        if (raw == null || raw.length() > MAX_NUMBER_LENGTH) {
            return null;
        }
        try {
            BigDecimal value = new BigDecimal(raw.strip());
            return outOfBounds(value) == null ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Why a decimal is refused, or null when it is within the bounds. */
    public static String outOfBounds(BigDecimal value) {
        if (value.signum() == 0) {
            return value.scale() > MAX_SCALE || value.scale() < -MAX_SCALE ? tooPrecise() : null;
        }
        // Cheap whatever the scale: only the unscaled digits are touched, never 10^scale.
        int precision = value.precision();
        int scale = value.scale();
        if (scale > MAX_SCALE + MAX_PRECISION || (long) precision - scale > MAX_PRECISION) {
            return tooPrecise();
        }
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.precision() > MAX_PRECISION || stripped.scale() > MAX_SCALE) {
            return tooPrecise();
        }
        return null;
    }

    private static String tooPrecise() {
        return "must be a number of at most " + MAX_PRECISION + " significant digits, " + MAX_PRECISION
                + " before the point and " + MAX_SCALE + " after it";
    }

    /** Where a hostile string's character is, if anything is wrong with it: for the caller's message. */
    public static String badCharacter(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "must not contain an unpaired surrogate (at character " + i + ")";
            } else if (isControl(c)) {
                return "must not contain control characters (U+" + String.format("%04X", (int) c) + " at character "
                        + i + ")";
            }
        }
        return null;
    }

    /** C0 and C1 controls and DEL; tab and line breaks are ordinary whitespace in free text. */
    private static boolean isControl(char c) {
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F);
    }

    /** A value of a caller's document refused by these bounds; Jackson adds the field's path on the way out. */
    public static final class Refused extends JsonMappingException {

        private final String reason;

        Refused(JsonParser parser, String reason) {
            super(parser, reason);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    static final class BoundedDecimal extends NumberDeserializers.BigDecimalDeserializer {

        @Override
        public BigDecimal deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            BigDecimal value = super.deserialize(p, ctxt);
            String refusal = value == null ? null : outOfBounds(value);
            if (refusal != null) {
                throw new Refused(p, refusal);
            }
            return value;
        }
    }

    static final class FiniteDouble extends NumberDeserializers.DoubleDeserializer {

        FiniteDouble(Class<Double> type, Double nullValue) {
            super(type, nullValue);
        }

        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            Double value = super.deserialize(p, ctxt);
            if (value != null && !Double.isFinite(value)) {
                throw new Refused(p, "must be a finite number");
            }
            return value;
        }
    }

    static final class CleanString extends StringDeserializer {

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = super.deserialize(p, ctxt);
            if (value != null && ctxt.getAttribute(FROM_CALLER) != null) {
                String refusal = badCharacter(value);
                if (refusal != null) {
                    throw new Refused(p, refusal);
                }
            }
            return value;
        }
    }
}
