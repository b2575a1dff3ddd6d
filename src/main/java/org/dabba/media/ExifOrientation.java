package org.dabba.media;

import java.nio.charset.StandardCharsets;

/**
 * The EXIF orientation of a JPEG: tag 0x0112 of the first TIFF directory (IFD0) in the APP1 "Exif" segment.
 * Phones store a photo as the sensor saw it and record the turn needed to show it upright here; ImageIO
 * ignores it. Anything missing, out of range or malformed yields 1 (as stored): a damaged tag must neither
 * throw nor refuse an otherwise good photo.
 */
final class ExifOrientation {

    private static final byte[] EXIF = "Exif\0\0".getBytes(StandardCharsets.US_ASCII);
    private static final int ORIENTATION_TAG = 0x0112;
    private static final int TYPE_SHORT = 3;

    private ExifOrientation() {
    }

    /** @return 1 to 8 as defined by EXIF, 1 when the file says nothing usable */
    static int of(byte[] jpeg) {
        if (jpeg.length < 4 || u8(jpeg, 0) != 0xff || u8(jpeg, 1) != 0xd8) {
            return 1;
        }
        int i = 2;
        while (i + 4 <= jpeg.length && u8(jpeg, i) == 0xff) {
            int marker = u8(jpeg, i + 1);
            if (marker == 0xff) { // fill byte before a marker
                i++;
                continue;
            }
            if (marker == 0xda || marker == 0xd9) { // start of scan or end of image: the headers are over
                return 1;
            }
            int length = u16(jpeg, i + 2, false); // counts itself, not the marker
            if (length < 2) {
                return 1;
            }
            int payload = i + 4;
            int end = (int) Math.min(jpeg.length, (long) i + 2 + length);
            if (marker == 0xe1 && startsWith(jpeg, payload, end, EXIF)) {
                return fromTiff(jpeg, payload + EXIF.length, end);
            }
            i += 2 + length; // other APP1s (XMP) and all other segments are skipped
        }
        return 1;
    }

    /** Reads the tag from the TIFF structure in {@code b[start, end)}; offsets in it are relative to start. */
    private static int fromTiff(byte[] b, int start, int end) {
        int size = end - start;
        if (size < 8) {
            return 1;
        }
        boolean little;
        if (b[start] == 'I' && b[start + 1] == 'I') {
            little = true;
        } else if (b[start] == 'M' && b[start + 1] == 'M') {
            little = false;
        } else {
            return 1;
        }
        if (u16(b, start + 2, little) != 42) {
            return 1;
        }
        long ifd = u32(b, start + 4, little);
        if (ifd < 8 || ifd > size - 2) {
            return 1;
        }
        int entries = start + (int) ifd + 2;
        int count = u16(b, entries - 2, little);
        for (int k = 0; k < count && 12L * k + 12 <= end - entries; k++) {
            int entry = entries + 12 * k;
            if (u16(b, entry, little) == ORIENTATION_TAG) {
                // A SHORT value sits in the first two bytes of the 4-byte value field, whatever the byte order.
                int value = u16(b, entry + 8, little);
                return u16(b, entry + 2, little) == TYPE_SHORT && value >= 1 && value <= 8 ? value : 1;
            }
        }
        return 1;
    }

    private static boolean startsWith(byte[] b, int at, int end, byte[] prefix) {
        if (end - at < prefix.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (b[at + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    private static int u8(byte[] b, int at) {
        return b[at] & 0xff;
    }

    private static int u16(byte[] b, int at, boolean little) {
        return little ? u8(b, at) | u8(b, at + 1) << 8 : u8(b, at) << 8 | u8(b, at + 1);
    }

    private static long u32(byte[] b, int at, boolean little) {
        return little
                ? (u16(b, at, true) | (long) u16(b, at + 2, true) << 16)
                : ((long) u16(b, at, false) << 16 | u16(b, at + 2, false));
    }
}
