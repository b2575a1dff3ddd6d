package org.dabba.platform;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.Command;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A Lua script of the classpath, run by its SHA-1 (sent whole once when Redis does not know it). */
public final class RedisScript {

    public final String text;
    public final String sha;

    public RedisScript(String resource) {
        try (InputStream in = RedisScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + resource);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            sha = Text.digest("SHA-1", text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** EVALSHA of the script on {@code keys} and {@code args}. */
    public Uni<Response> run(ReactiveRedisDataSource redis, List<String> keys, List<String> args) {
        List<String> all = new ArrayList<>();
        all.add(sha);
        all.add(String.valueOf(keys.size()));
        all.addAll(keys);
        all.addAll(args);
        return redis.execute(Command.EVALSHA, all.toArray(String[]::new))
                .onFailure(e -> String.valueOf(e.getMessage()).startsWith("NOSCRIPT")).recoverWithUni(() -> {
                    // A restarted or flushed Redis has forgotten the script: send it whole once.
                    all.set(0, text);
                    return redis.execute(Command.EVAL, all.toArray(String[]::new));
                });
    }
}
