package org.dabba.media;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.dabba.media.PhotoProcessor.Rendition;
import org.dabba.platform.error.ProblemException;
import org.dabba.testing.Images;
import org.dabba.platform.error.Problem;
import org.dabba.platform.error.ProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PhotoProcessorTest {

    private static final UploadedImage.Limits LIMITS =
            new UploadedImage.Limits(5 * 1024 * 1024, 20000, 20000, 40_000_000L, 16_000_000L);
    private static final int WHITE = 0xffffff;
    private static final int RED = 0xff0000;
    private static final int BLUE = 0x0000ff;

    @Test
    void bigPhotoGivesBothSizesKeepingItsAspectRatio() {
        BufferedImage photo = canvas(3000, 2000, WHITE);
        Graphics2D g = photo.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.ORANGE, 3000, 2000, Color.BLUE));
        g.fillRect(0, 0, 3000, 2000);
        g.dispose();

        List<Rendition> renditions = render(encode(photo, "jpeg"), 1024, 256);

        assertRendition(renditions.get(0), 1024, 1024, 683);
        assertRendition(renditions.get(1), 256, 256, 171);
    }

    @Test
    void smallPhotoIsNeverEnlarged() {
        List<Rendition> renditions = render(encode(canvas(300, 200, RED), "png"), 1024, 256);

        assertRendition(renditions.get(0), 1024, 300, 200);
        assertRendition(renditions.get(1), 256, 256, 171);
        assertColour(RED, read(renditions.get(0).jpeg()).getRGB(150, 100), "centre");
    }

    /**
     * A landscape photo with red in its top-left and blue in its top-right corner, stored with an EXIF
     * orientation: the corners must end where a viewer honouring EXIF shows them. Shrinking 240x160 to 48 also
     * goes through subsampled decoding. Even orientations use Intel byte order, odd ones Motorola.
     */
    @ParameterizedTest(name = "orientation {0}: red {1}, blue {2}")
    @CsvSource({ "1, TL, TR", "2, TR, TL", "3, BR, BL", "4, BL, BR", "5, TL, BL", "6, TR, BR", "7, BR, TR",
            "8, BL, TL" })
    void exifOrientationTurnsThePhotoUpright(int orientation, Corner red, Corner blue) {
        BufferedImage photo = canvas(240, 160, WHITE);
        Graphics2D g = photo.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 60, 60);
        g.setColor(Color.BLUE);
        g.fillRect(180, 0, 60, 60);
        g.dispose();
        byte[] jpeg = afterSoi(encode(photo, "jpeg"), exifSegment(orientation, orientation % 2 == 0));

        Rendition rendition = render(jpeg, 48).get(0);

        boolean turned = orientation >= 5;
        assertRendition(rendition, 48, turned ? 32 : 48, turned ? 48 : 32);
        BufferedImage upright = read(rendition.jpeg());
        assertColour(RED, red.pixel(upright), "red corner " + red);
        assertColour(BLUE, blue.pixel(upright), "blue corner " + blue);
    }

    @Test
    void outputIsBaselineJpegWithoutAnyMetadata() {
        byte[] icc = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();
        byte[] iccPayload = concat("ICC_PROFILE\0".getBytes(US_ASCII), new byte[] { 1, 1 }, icc);
        byte[] upload = afterSoi(encode(canvas(120, 80, RED), "jpeg"), exifSegment(6, false),
                segment(0xe2, iccPayload), segment(0xfe, "shot at home".getBytes(US_ASCII)));

        for (Rendition rendition : render(upload, 1024, 40)) {
            byte[] jpeg = rendition.jpeg();
            assertEquals(0xffd8, (jpeg[0] & 0xff) << 8 | (jpeg[1] & 0xff), "starts with SOI");
            List<Integer> markers = markers(jpeg);
            assertTrue(markers.contains(0xc0), "baseline SOF0 in " + hex(markers));
            assertEquals(0xe0, markers.get(0), "JFIF header first");
            assertTrue(markers.stream().noneMatch(m -> m >= 0xe1 && m <= 0xef || m == 0xfe),
                    "no APP1 Exif, APP2 ICC, other APPn or comment: " + hex(markers));
            String text = new String(jpeg, US_ASCII);
            assertFalse(text.contains("Exif") || text.contains("ICC_PROFILE") || text.contains("shot at home"));
        }
    }

    @Test
    void transparencyBecomesWhite() {
        BufferedImage logo = new BufferedImage(40, 20, BufferedImage.TYPE_INT_ARGB); // all transparent black
        Graphics2D g = logo.createGraphics();
        g.setColor(Color.BLUE);
        g.fillRect(20, 0, 20, 20);
        g.dispose();

        BufferedImage out = read(render(encode(logo, "png"), 256).get(0).jpeg());

        assertColour(WHITE, out.getRGB(5, 10), "transparent half");
        assertColour(BLUE, out.getRGB(35, 10), "opaque half");
    }

    @Test
    void greyIndexedAndCmykImagesComeOutInColour() {
        assertComesOutInColour(encode(paint(new BufferedImage(30, 20, BufferedImage.TYPE_BYTE_GRAY), 0x808080),
                "png"), 0x808080);
        assertComesOutInColour(encode(paint(new BufferedImage(30, 20, BufferedImage.TYPE_BYTE_INDEXED), RED),
                "png"), RED);
        assertComesOutInColour(cmykJpeg(30, 20), RED);
    }

    private static void assertComesOutInColour(byte[] upload, int colour) {
        BufferedImage out = read(render(upload, 256).get(0).jpeg());
        assertEquals(3, out.getColorModel().getNumComponents(), "a colour JPEG");
        assertColour(colour, out.getRGB(15, 10), "centre");
    }

    @Test
    void losslessWebpIsRead() {
        Rendition rendition = render(webp(30, 20, 10), 1024).get(0);

        assertRendition(rendition, 1024, 30, 20);
        BufferedImage out = read(rendition.jpeg());
        assertColour(RED, out.getRGB(3, 3), "top left");
        assertColour(WHITE, out.getRGB(26, 16), "bottom right");
    }

    @ParameterizedTest
    @ValueSource(strings = { "jpeg", "png" })
    void truncatedImageIsRefusedNamingTheField(String format) {
        BufferedImage photo = canvas(600, 400, WHITE);
        Graphics2D g = photo.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.RED, 600, 400, Color.BLUE));
        g.fillRect(0, 0, 600, 400);
        g.dispose();
        byte[] valid = encode(photo, format);

        // 200 bytes still pass the header check; half a JPEG even decodes, grey below the cut, with a warning
        for (int length : new int[] { 200, valid.length / 2 }) {
            UploadedImage upload = upload(Arrays.copyOf(valid, length));
            ProblemException refused = assertThrows(ProblemException.class,
                    () -> PhotoProcessor.render(upload, "imageUrl", 0.8f, 1024, 256));
            assertEquals(400, refused.problem().getStatus());
            assertEquals(List.of(new Problem.FieldError("imageUrl",
                    "is a corrupt or unreadable " + upload.format() + " image")), refused.problem().getErrors());
        }
    }

    @Test
    void orientationIsReadInBothByteOrdersPastOtherSegments() {
        byte[] xmp = segment(0xe1, "http://ns.adobe.com/xap/1.0/\0<x/>".getBytes(US_ASCII));
        for (int orientation = 1; orientation <= 8; orientation++) {
            assertEquals(orientation, ExifOrientation.of(exifJpeg(exifSegment(orientation, true))));
            assertEquals(orientation, ExifOrientation.of(afterSoi(encode(canvas(8, 8, RED), "jpeg"), xmp,
                    exifSegment(orientation, false))));
        }
        assertEquals(1, ExifOrientation.of(encode(canvas(8, 8, RED), "jpeg")), "no Exif segment");
    }

    @Test
    void malformedExifMeansOrientationOne() {
        byte[] valid = exifJpeg(exifSegment(6, false));
        int tiff = 2 + 4 + 6; // SOI, APP1 marker and length, "Exif\0\0"
        List<byte[]> broken = new ArrayList<>(List.of(new byte[0], new byte[] { (byte) 0xff, (byte) 0xd8 },
                "not a jpeg at all".getBytes(US_ASCII),
                patch(valid, tiff, 'X', 'X'), // unknown byte order
                patch(valid, tiff + 3, 43), // not TIFF's magic 42
                patch(valid, tiff + 4, 0xff, 0xff, 0xff, 0xff), // IFD0 far beyond the segment
                patch(valid, tiff + 4, 0, 0, 0, 2), // IFD0 inside the header
                patch(valid, tiff + 8, 0xff, 0xff, 0x01, 0x00), // 65535 entries announced, one (not it) present
                patch(valid, tiff + 12, 0, 4), // orientation as LONG instead of SHORT
                patch(valid, tiff + 18, 0, 0), // orientation 0
                patch(valid, tiff + 18, 0, 9), // orientation 9
                patch(valid, 4, 0, 1), // segment length below its own two bytes
                patch(valid, 4, 0, 12), // segment too short for the TIFF header
                patch(valid, 6, 'E', 'x', 'i', 'f', 0, 1))); // not the Exif identifier
        for (int length = 0; length < tiff + 20; length++) { // cut anywhere before the value is complete
            broken.add(Arrays.copyOf(valid, length));
        }
        Random random = new Random(42);
        for (int k = 0; k < 2000; k++) { // random bytes behind SOI, and random damage to the segment
            byte[] noise = new byte[random.nextInt(64)];
            random.nextBytes(noise);
            broken.add(concat(new byte[] { (byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe1 }, noise));
        }
        for (byte[] jpeg : broken) {
            assertEquals(1, ExifOrientation.of(jpeg), () -> "for " + Arrays.toString(jpeg));
        }
        for (int at = 2; at < valid.length; at++) {
            for (int value : new int[] { 0x00, 0x7f, 0x80, 0xff }) {
                int orientation = ExifOrientation.of(patch(valid, at, value)); // must not throw
                assertTrue(orientation >= 1 && orientation <= 8);
            }
        }
    }

    // ---- images made for the tests

    enum Corner {
        TL, TR, BL, BR;

        int pixel(BufferedImage image) {
            int inset = 3;
            int x = this == TL || this == BL ? inset : image.getWidth() - 1 - inset;
            int y = this == TL || this == TR ? inset : image.getHeight() - 1 - inset;
            return image.getRGB(x, y);
        }
    }

    private static List<Rendition> render(byte[] bytes, int... longSides) {
        return PhotoProcessor.render(upload(bytes), "imageUrl", 0.8f, longSides);
    }

    private static UploadedImage upload(byte[] bytes) {
        return UploadedImage.decode(Base64.getEncoder().encodeToString(bytes), "imageUrl", LIMITS);
    }

    private static BufferedImage canvas(int width, int height, int rgb) {
        return paint(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), rgb);
    }

    private static BufferedImage paint(BufferedImage image, int rgb) {
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(rgb));
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.dispose();
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            assertTrue(ImageIO.write(image, format, out));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A CMYK JPEG as print software writes it: four inverted channels and an Adobe segment saying so. */
    private static byte[] cmykJpeg(int width, int height) {
        WritableRaster red = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, 4, null);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                red.setPixel(x, y, new int[] { 255, 0, 0, 255 }); // C 0 %, M 100 %, Y 100 %, K 0 %, inverted
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(red, null, null), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        byte[] adobe = concat("Adobe".getBytes(US_ASCII), new byte[] { 0, 100, 0, 0, 0, 0, 0 }); // transform 0
        return afterSoi(bytes.toByteArray(), segment(0xee, adobe));
    }

    /**
     * A lossless WebP (VP8L) of white with a red square in the top-left corner, written bit by bit as the JDK
     * has no WebP writer: no transforms, and 'simple' prefix codes under which red and alpha are always 255 and
     * a pixel is one green and one blue bit (both 0 for red, both 1 for white).
     */
    private static byte[] webp(int width, int height, int square) {
        Bits bits = new Bits().put(0x2f, 8).put(width - 1, 14).put(height - 1, 14).put(0, 1).put(0, 3)
                .put(0, 1).put(0, 1).put(0, 1); // no transform, no colour cache, one prefix code group
        for (int channel = 0; channel < 4; channel++) { // green, red, blue, alpha
            if (channel % 2 == 0) {
                bits.put(1, 1).put(1, 1).put(1, 1).put(0, 8).put(255, 8); // simple code, symbols 0 and 255
            } else {
                bits.put(1, 1).put(0, 1).put(1, 1).put(255, 8); // simple code, the one symbol 255
            }
        }
        bits.put(1, 1).put(0, 1).put(0, 1).put(0, 1); // distance: simple code, the one symbol 0
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int white = x < square && y < square ? 0 : 1;
                bits.put(white, 1).put(white, 1);
            }
        }
        byte[] data = bits.bytes();
        int padded = data.length + data.length % 2;
        return ByteBuffer.allocate(20 + padded).order(ByteOrder.LITTLE_ENDIAN).put("RIFF".getBytes(US_ASCII))
                .putInt(12 + padded).put("WEBPVP8L".getBytes(US_ASCII)).putInt(data.length).put(data).array();
    }

    /** Bits written least significant first, as VP8L reads them. */
    private static final class Bits {
        private final BitSet set = new BitSet();
        private int length;

        Bits put(int value, int count) {
            for (int k = 0; k < count; k++) {
                set.set(length++, (value >>> k & 1) != 0);
            }
            return this;
        }

        byte[] bytes() {
            return Arrays.copyOf(set.toByteArray(), (length + 7) / 8);
        }
    }

    // ---- JPEG segments

    /** APP1 "Exif" holding a TIFF header and an IFD0 with the orientation as its one entry. */
    private static byte[] exifSegment(int orientation, boolean littleEndian) {
        byte order = (byte) (littleEndian ? 'I' : 'M');
        ByteBuffer tiff = ByteBuffer.allocate(26).order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN)
                .put(order).put(order).putShort((short) 42).putInt(8) // byte order, magic, IFD0 offset
                .putShort((short) 1) // entries
                .putShort((short) 0x0112).putShort((short) 3).putInt(1) // orientation, SHORT, one value
                .putShort((short) orientation).putShort((short) 0) // the value, padded to 4 bytes
                .putInt(0); // no next IFD
        return segment(0xe1, concat("Exif\0\0".getBytes(US_ASCII), tiff.array()));
    }

    private static byte[] exifJpeg(byte[] exif) {
        return concat(new byte[] { (byte) 0xff, (byte) 0xd8 }, exif, new byte[] { (byte) 0xff, (byte) 0xd9 });
    }

    private static byte[] segment(int marker, byte[] payload) {
        return ByteBuffer.allocate(4 + payload.length).put((byte) 0xff).put((byte) marker)
                .putShort((short) (payload.length + 2)).put(payload).array();
    }

    private static byte[] afterSoi(byte[] jpeg, byte[]... segments) {
        byte[] inserted = concat(segments);
        return concat(Arrays.copyOf(jpeg, 2), inserted, Arrays.copyOfRange(jpeg, 2, jpeg.length));
    }

    /** The markers of the header segments, up to and including start of scan. */
    private static List<Integer> markers(byte[] jpeg) {
        List<Integer> markers = new ArrayList<>();
        for (int i = 2; i + 4 <= jpeg.length; i += 2 + ((jpeg[i + 2] & 0xff) << 8 | (jpeg[i + 3] & 0xff))) {
            markers.add(jpeg[i + 1] & 0xff);
            if (markers.get(markers.size() - 1) == 0xda) {
                break;
            }
        }
        return markers;
    }

    // ---- small helpers

    private static void assertRendition(Rendition rendition, int longSide, int width, int height) {
        assertEquals(longSide, rendition.longSide());
        assertEquals(Math.max(width, height), Math.max(rendition.width(), rendition.height()), "long side");
        assertEquals(width, rendition.width(), 1, "width");
        assertEquals(height, rendition.height(), 1, "height");
        BufferedImage image = read(rendition.jpeg());
        assertArrayEquals(new int[] { rendition.width(), rendition.height() },
                new int[] { image.getWidth(), image.getHeight() }, "the JPEG has the announced size");
    }

    private static void assertColour(int expected, int actual, String where) {
        for (int shift = 0; shift <= 16; shift += 8) {
            int difference = Math.abs((expected >> shift & 0xff) - (actual >> shift & 0xff));
            assertTrue(difference <= 48, () -> where + ": expected " + Integer.toHexString(expected) + " but was "
                    + Integer.toHexString(actual & 0xffffff));
        }
    }

    private static BufferedImage read(byte[] bytes) {
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] patch(byte[] bytes, int at, int... values) {
        byte[] copy = bytes.clone();
        for (int k = 0; k < values.length; k++) {
            copy[at + k] = (byte) values[k];
        }
        return copy;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static String hex(List<Integer> markers) {
        return markers.stream().map(Integer::toHexString).toList().toString();
    }

    @Test
    void whatIsDecodedWholeHasASmallerPixelBudget() {
        // 18 megapixels: fine for a baseline JPEG (read every n-th pixel), too many for a progressive JPEG or a
        // lossless WebP, whose decoders hold every coefficient or pixel whatever is read.
        var progressive = assertThrows(ProblemException.class, () -> UploadedImage.decode(
                Base64.getEncoder().encodeToString(Images.progressiveJpegHeader(6000, 3000)), "imageUrl", LIMITS));
        assertTrue(progressive.problem().getDetail().contains("progressive JPEG"), progressive.problem().getDetail());
        var lossless = assertThrows(ProblemException.class, () -> UploadedImage.decode(
                Base64.getEncoder().encodeToString(Images.webpHeader(6000, 3000)), "imageUrl", LIMITS));
        assertTrue(lossless.problem().getDetail().contains("lossless WebP"), lossless.problem().getDetail());

        byte[] small = Images.progressiveJpeg(800, 600);
        UploadedImage ok = UploadedImage.decode(Base64.getEncoder().encodeToString(small), "imageUrl", LIMITS);
        List<Rendition> renditions = PhotoProcessor.render(ok, "imageUrl", 0.8f, 1024, 256);
        assertEquals(800, renditions.get(0).width());
        assertEquals(256, renditions.get(1).width());
    }
}
