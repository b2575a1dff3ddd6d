package org.dabba.media;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.dabba.platform.error.ProblemException;

/**
 * Dish photos: an uploaded image goes through the {@code media-photo} route (resize, thumbnail, re-encode,
 * store both) and comes back as two stored objects.
 */
@ApplicationScoped
public class MediaService {

    /**
     * Up to 5 MiB, at most 40 megapixels (decoding cost), any side up to 20000 px; 16 megapixels for what is decoded
     * whole (progressive JPEG: about 50 MB of coefficients; lossless WebP: 64 MB of pixels, per worker).
     */
    public static final UploadedImage.Limits LIMITS = new UploadedImage.Limits(5 * 1024 * 1024, 20_000, 20_000,
            40_000_000L, 16_000_000L);

    /** A logo: up to 2 MiB and 4096 px a side, re-encoded like a photo to one rendition. */
    public static final UploadedImage.Limits LOGO_LIMITS = new UploadedImage.Limits(2 * 1024 * 1024, 4096, 4096,
            4096L * 4096, 4096L * 4096);
    /** The long side of a stored logo. */
    static final int LOGO_SIZE = 512;

    public record StoredPhoto(String imageUrl, String imageKey, String thumbnailUrl, String thumbnailKey) {
    }

    /** What the media-photo route is asked to do: the renditions' long sides, largest first. */
    public record PhotoRequest(UploadedImage image, String field, String keyPrefix, int... longSides) {
    }

    @Inject
    ProducerTemplate producer;

    @Inject
    MediaStore store;

    /**
     * A fresh name per upload, so a failed change can always remove what it stored; 400 for an image that cannot
     * be decoded, 503 when the workers are saturated or the store fails.
     */
    public StoredPhoto store(UploadedImage image, String field, String keyPrefix) {
        return render(new PhotoRequest(image, field, keyPrefix, PhotoRoutes.FULL_SIZE, PhotoRoutes.THUMBNAIL_SIZE));
    }

    /** A logo through the photo pipeline (no camera or GPS data published): one rendition, as {@code imageUrl}. */
    public StoredPhoto storeLogo(UploadedImage image, String field, String keyPrefix) {
        return render(new PhotoRequest(image, field, keyPrefix, LOGO_SIZE));
    }

    private StoredPhoto render(PhotoRequest request) {
        try {
            return producer.requestBody("direct:media-photo", request, StoredPhoto.class);
        } catch (CamelExecutionException e) {
            if (e.getCause() instanceof ProblemException problem) {
                throw problem;
            }
            if (e.getCause() instanceof RejectedExecutionException) {
                throw ProblemException.of(503, "busy", "Busy",
                        "Too many images are being processed right now; try again in a moment");
            }
            throw ProblemException.of(503, "storage-unavailable", "Storage unavailable",
                    "The image could not be processed or stored right now; nothing was saved");
        }
    }

    /** Removes what a failed change stored (a logo has no thumbnail). */
    public void delete(StoredPhoto photo) {
        if (photo != null) {
            deleteKeys(Arrays.asList(photo.imageKey(), photo.thumbnailKey()));
        }
    }

    /** Removes objects that nothing references any more (null keys are skipped). */
    public void deleteKeys(List<String> keys) {
        keys.forEach(store::delete);
    }
}
