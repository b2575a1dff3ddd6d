package org.dabba.platform.error;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.security.AuthenticationException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.dabba.platform.Json;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * problem+json for what the HTTP layer answers before any route runs: unknown paths, wrong methods,
 * oversized bodies, and missing, bad or insufficient credentials.
 */
@ApplicationScoped
public class HttpProblemHandlers {

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBodySize;

    void install(@Observes Router router) {
        // Quarkus refuses a too-long declared Content-Length with an empty 413 before any route runs; answer
        // first. Bodies without a declared length that grow too long reach errorHandler(413) below.
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String length = ctx.request().getHeader("Content-Length");
            if (length != null && length.chars().allMatch(Character::isDigit) && length.length() < 19
                    && Long.parseLong(length) > maxBodySize.asLongValue()) {
                ctx.response().putHeader("Connection", "close");
                answer(ctx, tooLarge());
            } else {
                ctx.next();
            }
        });
        router.errorHandler(404, ctx -> answer(ctx, notFound(ctx.request().path())));
        router.errorHandler(405, ctx -> answer(ctx, methodNotAllowed(ctx.request().method().name(),
                ctx.request().path())));
        router.errorHandler(413, ctx -> answer(ctx, tooLarge()));
        router.route().order(Integer.MIN_VALUE).failureHandler(this::securityFailure);
    }

    public static Problem notFound(String path) {
        return new Problem("not-found", "Not found", 404, "No resource at " + path, null);
    }

    public static Problem methodNotAllowed(String method, String path) {
        return new Problem("method-not-allowed", "Method not allowed", 405,
                method + " is not supported on " + path, null);
    }

    private Problem tooLarge() {
        return new Problem("payload-too-large", "Payload too large", 413,
                "The request body exceeds the limit of " + maxBodySize.asLongValue() / (1024 * 1024) + " MiB", null);
    }

    private void securityFailure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof AuthenticationException || failure instanceof UnauthorizedException
                || failure instanceof io.quarkus.security.AuthenticationFailedException) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            answer(ctx, ProblemException.unauthorized("A valid bearer token is required").problem());
        } else if (failure instanceof ForbiddenException) {
            answer(ctx, ProblemException.forbidden("Your role may not do this").problem());
        } else {
            ctx.next();
        }
    }

    /** Answers a request with {@code problem} before any route runs (Vert.x handlers, not Camel). */
    public static void answer(RoutingContext ctx, Problem problem) {
        if (ctx.response().ended()) {
            return;
        }
        try {
            problem.instance(ctx.request().path());
            ctx.response().setStatusCode(problem.getStatus())
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .end(Json.write(problem));
        } catch (IllegalStateException e) {
            ctx.response().setStatusCode(problem.getStatus()).end();
        }
    }
}
