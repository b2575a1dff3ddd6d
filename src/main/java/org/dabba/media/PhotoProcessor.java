package org.dabba.media;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.plugins.jpeg.JPEGImageWriteParam;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.dabba.platform.error.ProblemException;

/**
 * An uploaded photo as the JPEG renditions served: decoded with bounded memory, flattened on white, downscaled,
 * turned upright by its EXIF orientation and re-encoded without metadata (no GPS position or camera details).
 */
public final class PhotoProcessor {

    static {
        // ImageIO registers plugins from the class loader that first touched it; under Quarkus that may not be
        // the one holding TwelveMonkeys, so look again from here.
        ImageIO.scanForPlugins();
    }

    /** One encoded rendition: {@code longSide} is the size asked for, width and height are the actual ones. */
    public record Rendition(int longSide, int width, int height, byte[] jpeg) {
    }

    private PhotoProcessor() {
    }

    /** One rendition per long side, in the order asked; smaller images are never enlarged. */
    public static List<Rendition> render(UploadedImage image, String field, float jpegQuality, int... longSides) {
        if (longSides.length == 0 || Arrays.stream(longSides).anyMatch(side -> side < 1)
                || !(jpegQuality >= 0 && jpegQuality <= 1)) {
            throw new IllegalArgumentException("need long sides >= 1 and a quality in [0, 1]");
        }
        BufferedImage source = decode(image, field, Arrays.stream(longSides).max().getAsInt());
        int width = source.getWidth();
        int height = source.getHeight();
        int orientation = image.format() == UploadedImage.Format.JPEG ? ExifOrientation.of(image.bytes()) : 1;

        // Largest first, each scaled from the previous one, so the small sizes cost almost nothing. Orientation
        // commutes with scaling, so it is applied to the small results rather than to the decoded photo.
        Rendition[] renditions = new Rendition[longSides.length];
        int[] largestFirst = IntStream.range(0, longSides.length).boxed()
                .sorted(Comparator.comparingInt(i -> -longSides[i])).mapToInt(Integer::intValue).toArray();
        for (int i : largestFirst) {
            double scale = Math.min(1, (double) longSides[i] / Math.max(width, height));
            source = scale(source, size(width, scale), size(height, scale)); // the decoded photo can be collected now
            BufferedImage upright = orient(source, orientation);
            renditions[i] = new Rendition(longSides[i], upright.getWidth(), upright.getHeight(),
                    encode(upright, jpegQuality));
        }
        return List.of(renditions);
    }

    private static BufferedImage decode(UploadedImage image, String field, int largestLongSide) {
        String format = image.format().name().toLowerCase(Locale.ROOT);
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
        if (!readers.hasNext()) { // a deployment fault, not the uploader's: a 500, not a 400
            throw new IllegalStateException("no ImageIO reader for " + image.format() + "; TwelveMonkeys missing?");
        }
        ImageReader reader = readers.next();
        // Reading only every n-th pixel of a big photo bounds memory (40 MP would need 120+ MB); at least twice
        // the largest rendition is kept, so the downscaling that follows still has all the detail it shows.
        int step = Math.max(1, Math.max(image.width(), image.height()) / (2 * largestLongSide));
        ImageReadParam param = reader.getDefaultReadParam();
        param.setSourceSubsampling(step, step, 0, 0);
        List<String> warnings = new ArrayList<>();
        // MemoryCache, not ImageIO.createImageInputStream: that one may spill to a temporary file.
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(image.bytes()))) {
            reader.setInput(in, true, true); // ignoring metadata also keeps PNG text chunks from being inflated
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            BufferedImage decoded = reader.read(0, param);
            // A JPEG cut short still decodes, grey below the cut, with only a warning ("Premature end of JPEG
            // file", "Corrupt JPEG data: premature end of data segment"): refuse it rather than publish that.
            boolean truncated = warnings.stream().anyMatch(w -> w.toLowerCase(Locale.ROOT).contains("premature end"));
            if (decoded != null && !truncated) {
                return decoded;
            }
        } catch (IOException | RuntimeException e) {
            // whatever the decoder trips over is the file's fault: answered by the 400 below
        } finally {
            reader.dispose();
        }
        throw ProblemException.invalid(field, "is a corrupt or unreadable " + image.format() + " image");
    }

    private static int size(int side, double scale) {
        return Math.max(1, (int) Math.round(side * scale));
    }

    /**
     * Bilinear halvings while at least twice too big (each averages 2x2 blocks, skipping no pixel), then one bicubic
     * step; each draws on a white RGB canvas, which also drops alpha and converts other colour models.
     */
    private static BufferedImage scale(BufferedImage image, int width, int height) {
        BufferedImage current = image;
        while (current.getType() != BufferedImage.TYPE_INT_RGB || current.getWidth() != width
                || current.getHeight() != height) {
            boolean halve = current.getWidth() / 2 >= width && current.getHeight() / 2 >= height;
            current = draw(current, halve ? current.getWidth() / 2 : width, halve ? current.getHeight() / 2 : height,
                    halve ? RenderingHints.VALUE_INTERPOLATION_BILINEAR : RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        }
        return current;
    }

    private static BufferedImage draw(BufferedImage image, int width, int height, Object interpolation) {
        BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return canvas;
    }

    /** Applies EXIF orientation 2 to 8 (5 to 8 swap width and height) by moving pixels. */
    private static BufferedImage orient(BufferedImage image, int orientation) {
        if (orientation == 1) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        int[] from = image.getRGB(0, 0, w, h, null, 0, w);
        int[] to = new int[from.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int target = switch (orientation) {
                    case 2 -> y * w + (w - 1 - x); // mirrored left-right
                    case 3 -> (h - 1 - y) * w + (w - 1 - x); // turned 180°
                    case 4 -> (h - 1 - y) * w + x; // mirrored top-bottom
                    case 5 -> x * h + y; // transposed
                    case 6 -> x * h + (h - 1 - y); // turned 90° clockwise
                    case 7 -> (w - 1 - x) * h + (h - 1 - y); // transversed
                    default -> (w - 1 - x) * h + y; // 8: turned 90° counter-clockwise
                };
                to[target] = from[y * w + x];
            }
        }
        boolean swap = orientation >= 5;
        BufferedImage turned = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
        turned.setRGB(0, 0, turned.getWidth(), turned.getHeight(), to, 0, turned.getWidth());
        return turned;
    }

    /** Baseline JPEG with no metadata: a fresh image carries only the writer's JFIF header, no EXIF/ICC/comment. */
    private static byte[] encode(BufferedImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            param.setProgressiveMode(ImageWriteParam.MODE_DISABLED);
            if (param instanceof JPEGImageWriteParam jpeg) {
                jpeg.setOptimizeHuffmanTables(true); // a few % smaller, still baseline
            }
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a JPEG in memory", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
