package org.dabba.media;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;

@ConfigMapping(prefix = "dabba.media")
public interface MediaConfig {

    /** The Camel endpoint objects are written to: a file: folder by default, aws2-s3 in prod. */
    String storeUri();

    /** Prefix of the public URL of a stored object; its key is appended. */
    String publicBaseUrl();

    /** Serve the local media folder at /media (only for the file store). */
    boolean serveLocal();

    /** The folder served at /media when serveLocal is on. */
    Path localDir();
}
