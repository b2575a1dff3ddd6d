package org.dabba.media;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
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

    /** The Camel endpoint that deletes the object named by the key headers. */
    String deleteUri();

    /** Threads that decode and resize photos; default: the machine's cores. */
    @WithName("image-workers")
    @WithDefault("0")
    int imageWorkersSetting();

    /** Photos allowed to wait for a worker before uploads are refused with 503. */
    int imageQueue();

    default int imageWorkers() {
        int setting = imageWorkersSetting();
        return setting > 0 ? setting : Runtime.getRuntime().availableProcessors();
    }
}
