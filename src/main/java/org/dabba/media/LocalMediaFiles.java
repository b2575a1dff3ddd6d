package org.dabba.media;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.Header;

/**
 * Deletes objects of the file store: Camel's file component writes but cannot delete, so the default
 * {@code dabba.media.delete-uri} points the media-delete route at this bean.
 */
@ApplicationScoped
@Named("localMediaFiles")
public class LocalMediaFiles {

    @Inject
    MediaConfig config;

    public void delete(@Header("CamelFileName") String key) throws IOException {
        Path root = config.localDir().toAbsolutePath().normalize();
        Path file = root.resolve(key).normalize();
        if (!file.startsWith(root)) {
            throw new IllegalArgumentException("Media key escapes the media folder: " + key);
        }
        Files.deleteIfExists(file);
    }
}
