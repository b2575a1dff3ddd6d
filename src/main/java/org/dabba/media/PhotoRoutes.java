package org.dabba.media;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.dabba.media.MediaService.PhotoRequest;
import org.dabba.media.MediaService.StoredPhoto;

/**
 * The dish-photo pipeline ({@link PhotoProcessor}), then storing each rendition. Image work runs on a bounded pool
 * off the HTTP threads; when it and its queue are full, the request is refused (503) rather than queued.
 */
@ApplicationScoped
public class PhotoRoutes extends RouteBuilder {

    static final int FULL_SIZE = 1024;
    static final int THUMBNAIL_SIZE = 256;
    static final float JPEG_QUALITY = 0.8f;

    @Inject
    MediaConfig config;

    @Inject
    MediaStore store;

    @Override
    public void configure() {
        from("direct:media-photo").routeId("media-photo")
                .threads(config.imageWorkers(), config.imageWorkers())
                    .maxQueueSize(config.imageQueue())
                    .rejectedPolicy(ThreadPoolRejectedPolicy.Abort).callerRunsWhenRejected(false)
                    .threadName("media-photo")
                .process(this::render)
                .split(body()).stopOnException()
                    .process(e -> {
                        Rendered rendition = e.getMessage().getBody(Rendered.class);
                        e.getMessage().setHeaders(MediaStore.headers(rendition.key(), "image/jpeg",
                                rendition.jpeg().length));
                        e.getMessage().setBody(rendition.jpeg());
                    })
                    .to("direct:media-store")
                .end()
                .setBody(exchangeProperty("storedPhoto"));
    }

    /** One object to write: a rendition under its content-addressed key. */
    public record Rendered(String key, byte[] jpeg) {
    }

    private void render(Exchange exchange) throws Exception {
        PhotoRequest request = exchange.getMessage().getBody(PhotoRequest.class);
        List<PhotoProcessor.Rendition> renditions = PhotoProcessor.render(request.image(), request.field(),
                JPEG_QUALITY, request.longSides());
        String upload = UUID.randomUUID().toString().substring(0, 13);
        List<Rendered> rendered = renditions.stream().map(r -> new Rendered(
                request.keyPrefix() + "/" + upload + "-" + r.longSide() + ".jpg", r.jpeg())).toList();
        Rendered full = rendered.get(0);
        Rendered thumbnail = rendered.size() > 1 ? rendered.get(1) : null;
        exchange.setProperty("storedPhoto", new StoredPhoto(store.publicUrl(full.key()), full.key(),
                thumbnail == null ? null : store.publicUrl(thumbnail.key()), thumbnail == null ? null : thumbnail.key()));
        exchange.getMessage().setBody(rendered);
    }
}
