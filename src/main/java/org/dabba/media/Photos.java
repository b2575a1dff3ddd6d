package org.dabba.media;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.dabba.platform.error.ProblemException;

/**
 * Dish photos: an uploaded image goes through the {@code media-photo} route (resize, thumbnail, re-encode,
 * store both) and comes back as two stored objects.
 */
@ApplicationScoped
public class Photos {

    /** Up to 5 MiB, at most 40 megapixels (decoding cost), any side up to 20000 px. */
    public static final UploadedImage.Limits LIMITS = new UploadedImage.Limits(5 * 1024 * 1024, 20_000, 20_000,
            40_000_000L);

    public record StoredPhoto(String imageUrl, String imageKey, String thumbnailUrl, String thumbnailKey) {
    }

    /** What the media-photo route is asked to do. */
    public record PhotoRequest(UploadedImage image, String field, String keyPrefix) {
    }

    @Inject
    ProducerTemplate producer;

    @Inject
    MediaStore store;

    /**
     * Renders and stores a photo under {@code keyPrefix}, with a fresh name per upload so a failed change can
     * always remove what it stored; 400 for an image that
     * cannot be decoded, 503 when the workers are saturated or the store fails.
     */
    public StoredPhoto store(UploadedImage image, String field, String keyPrefix) {
        try {
            return producer.requestBody("direct:media-photo", new PhotoRequest(image, field, keyPrefix),
                    StoredPhoto.class);
        } catch (CamelExecutionException e) {
            if (e.getCause() instanceof ProblemException problem) {
                throw problem;
            }
            if (e.getCause() instanceof java.util.concurrent.RejectedExecutionException) {
                throw ProblemException.of(503, "busy", "Busy",
                        "Too many images are being processed right now; try again in a moment");
            }
            throw ProblemException.of(503, "storage-unavailable", "Storage unavailable",
                    "The image could not be processed or stored right now; nothing was saved");
        }
    }

    public void delete(StoredPhoto photo) {
        if (photo != null) {
            deleteKeys(java.util.List.of(photo.imageKey(), photo.thumbnailKey()));
        }
    }

    /** Removes objects that nothing references any more (null keys are skipped). */
    public void deleteKeys(java.util.List<String> keys) {
        keys.forEach(store::delete);
    }
}
