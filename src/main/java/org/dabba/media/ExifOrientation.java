package org.dabba.media;

import com.twelvemonkeys.imageio.metadata.CompoundDirectory;
import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import javax.imageio.stream.ImageInputStream;

/**
 * The EXIF orientation of a JPEG (IFD0 tag 0x0112), the turn a phone records to show the photo upright; ImageIO
 * ignores it. Anything missing or malformed yields 1 (as stored): a damaged tag must not refuse a good photo.
 */
final class ExifOrientation {

    private ExifOrientation() {
    }

    /** @return 1 to 8 as defined by EXIF, 1 when the file says nothing usable */
    static int of(byte[] jpeg) {
        try (ImageInputStream in = new ByteArrayImageInputStream(jpeg)) {
            List<JPEGSegment> exif = JPEGSegmentUtil.readSegments(in, JPEG.APP1, "Exif");
            return exif.isEmpty() ? 1 : fromExif(exif.get(0));
        } catch (IOException | RuntimeException e) {
            // Truncated or corrupt headers: the photo itself is judged by the decoder, not here.
            return 1;
        }
    }

    private static int fromExif(JPEGSegment segment) throws IOException {
        InputStream data = segment.data(); // after "Exif" and its terminating zero
        if (data.read() != 0) { // the identifier is "Exif\0\0": its second zero pads the TIFF structure
            return 1;
        }
        Directory tiff = new TIFFReader().read(new ByteArrayImageInputStream(data.readAllBytes()));
        Directory ifd0 = tiff instanceof CompoundDirectory compound
                ? (compound.directoryCount() > 0 ? compound.getDirectory(0) : null) : tiff;
        Entry entry = ifd0 == null ? null : ifd0.getEntryById(TIFF.TAG_ORIENTATION);
        if (entry == null || !"SHORT".equals(entry.getTypeName()) || entry.valueCount() != 1
                || !(entry.getValue() instanceof Number value)) {
            return 1;
        }
        int orientation = value.intValue();
        return orientation >= 1 && orientation <= 8 ? orientation : 1;
    }
}
