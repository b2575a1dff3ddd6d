package org.dabba.media;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.dabba.platform.error.ProblemException;

/**
 * An image sent as base64 (plain or a {@code data:} URI), checked by its magic bytes, size and header dimensions,
 * so that no pixel is decoded for a file that is going to be refused.
 */
public record UploadedImage(byte[] bytes, Format format, int width, int height) {

    public enum Format { PNG, JPEG, WEBP }

    /**
     * Limits an upload must keep. {@code maxWholeDecodePixels}: for what the decoder holds whole whatever is read
     * of it (progressive JPEG, lossless WebP), where reading only every n-th pixel does not bound memory.
     */
    public record Limits(int maxBytes, int maxWidth, int maxHeight, long maxPixels, long maxWholeDecodePixels) {
    }

    /** @param field named in the 400 if the image is refused */
    public static UploadedImage decode(String encoded, String field, Limits limits) {
        byte[] bytes = base64(encoded, field);
        if (bytes.length > limits.maxBytes()) {
            throw ProblemException.invalid(field, "image is " + bytes.length + " bytes; at most " + limits.maxBytes()
                    + " are allowed");
        }
        Format format = sniff(bytes);
        if (format == null) {
            throw ProblemException.invalid(field, "is not a PNG, JPEG or WebP image");
        }
        // {width, height, 1 when the decoder must hold the whole image}
        int[] size;
        try {
            size = switch (format) {
                case PNG -> pngSize(bytes);
                case JPEG -> jpegSize(bytes);
                case WEBP -> webpSize(bytes);
            };
        } catch (IndexOutOfBoundsException e) {
            size = null;
        }
        if (size == null || size[0] <= 0 || size[1] <= 0) {
            throw ProblemException.invalid(field, "is a corrupt or truncated " + format + " image");
        }
        if (size[0] > limits.maxWidth() || size[1] > limits.maxHeight()) {
            throw ProblemException.invalid(field, "image is " + size[0] + "x" + size[1] + " pixels; at most "
                    + limits.maxWidth() + "x" + limits.maxHeight() + " are allowed");
        }
        long pixels = (long) size[0] * size[1];
        if (pixels > limits.maxPixels()) {
            throw ProblemException.invalid(field, "image has " + pixels + " pixels; at most " + limits.maxPixels()
                    + " are allowed");
        }
        boolean whole = size[2] == 1;
        if (whole && pixels > limits.maxWholeDecodePixels()) {
            throw ProblemException.invalid(field, "image is a " + (format == Format.JPEG ? "progressive JPEG"
                    : "lossless WebP") + " of " + pixels + " pixels, which is decoded whole; at most "
                    + limits.maxWholeDecodePixels() + " are allowed (a baseline JPEG may have more)");
        }
        return new UploadedImage(bytes, format, size[0], size[1]);
    }

    private static byte[] base64(String encoded, String field) {
        String payload = encoded.strip();
        if (payload.startsWith("data:")) {
            int comma = payload.indexOf(',');
            if (comma < 0 || !payload.substring(0, comma).endsWith(";base64")) {
                throw ProblemException.invalid(field, "must be a base64 data: URI (data:image/png;base64,...)");
            }
            payload = payload.substring(comma + 1);
        }
        try {
            return Base64.getMimeDecoder().decode(payload.replace('-', '+').replace('_', '/'));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(field, "is not valid base64");
        }
    }

    static Format sniff(byte[] b) {
        if (b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G'
                && b[4] == 0x0d && b[5] == 0x0a && b[6] == 0x1a && b[7] == 0x0a) {
            return Format.PNG;
        }
        if (b.length > 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
            return Format.JPEG;
        }
        if (b.length > 16 && ascii(b, 0, 4).equals("RIFF") && ascii(b, 8, 4).equals("WEBP")) {
            return Format.WEBP;
        }
        return null;
    }

    private static int[] pngSize(byte[] b) {
        if (!ascii(b, 12, 4).equals("IHDR")) {
            return null;
        }
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN);
        return new int[] { buf.getInt(16), buf.getInt(20), 0 };
    }

    /** The first start-of-frame segment's size; SOF2, SOF6, SOF10 and SOF14 are progressive (decoded whole). */
    private static int[] jpegSize(byte[] b) {
        int i = 2;
        while (i + 9 < b.length) {
            if ((b[i] & 0xff) != 0xff) {
                return null;
            }
            int marker = b[i + 1] & 0xff;
            if (marker == 0xff) {
                i++;
                continue;
            }
            int length = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
            boolean startOfFrame = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8
                    && marker != 0xcc;
            if (startOfFrame) {
                int height = ((b[i + 5] & 0xff) << 8) | (b[i + 6] & 0xff);
                int width = ((b[i + 7] & 0xff) << 8) | (b[i + 8] & 0xff);
                boolean progressive = marker == 0xc2 || marker == 0xc6 || marker == 0xca || marker == 0xce;
                return new int[] { width, height, progressive ? 1 : 0 };
            }
            if (length < 2) {
                return null;
            }
            i += 2 + length;
        }
        return null;
    }

    /** The canvas of a simple (VP8, VP8L) or extended (VP8X) WebP; lossless (VP8L) data is decoded whole. */
    private static int[] webpSize(byte[] b) {
        String chunk = ascii(b, 12, 4);
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        switch (chunk) {
            case "VP8X":
                // The extended format's image data follows in a VP8L or VP8 chunk; animations count as whole.
                return new int[] { 1 + u24(b, 24), 1 + u24(b, 27), hasChunk(b, "VP8 ") ? 0 : 1 };
            case "VP8L":
                if ((b[20] & 0xff) != 0x2f) {
                    return null;
                }
                int bits = buf.getInt(21);
                return new int[] { 1 + (bits & 0x3fff), 1 + ((bits >>> 14) & 0x3fff), 1 };
            case "VP8 ":
                if ((b[23] & 0xff) != 0x9d || (b[24] & 0xff) != 0x01 || (b[25] & 0xff) != 0x2a) {
                    return null;
                }
                return new int[] { buf.getShort(26) & 0x3fff, buf.getShort(28) & 0x3fff, 0 };
            default:
                return null;
        }
    }

    /** Whether the RIFF container holds a chunk {@code fourcc} (walked chunk by chunk, never past the file). */
    private static boolean hasChunk(byte[] b, String fourcc) {
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long at = 12;
        while (at + 8 <= b.length) {
            if (ascii(b, (int) at, 4).equals(fourcc)) {
                return true;
            }
            long size = buf.getInt((int) at + 4) & 0xffffffffL;
            at += 8 + size + (size & 1);
        }
        return false;
    }

    private static int u24(byte[] b, int at) {
        return (b[at] & 0xff) | ((b[at + 1] & 0xff) << 8) | ((b[at + 2] & 0xff) << 16);
    }

    private static String ascii(byte[] b, int at, int length) {
        return new String(b, at, length, StandardCharsets.US_ASCII);
    }
}
