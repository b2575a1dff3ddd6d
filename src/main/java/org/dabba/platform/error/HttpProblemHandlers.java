package org.dabba.platform.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.AuthenticationException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * problem+json for what the HTTP layer answers before any route runs: unknown paths, wrong methods,
 * oversized bodies, and missing, bad or insufficient credentials.
 */
@ApplicationScoped
public class HttpProblemHandlers {

    @Inject
    ObjectMapper mapper;

    void install(@Observes Router router) {
        router.errorHandler(404, ctx -> answer(ctx, new Problem("not-found", "Not found", 404,
                "No resource at " + ctx.request().path(), null)));
        router.errorHandler(405, ctx -> answer(ctx, new Problem("method-not-allowed", "Method not allowed", 405,
                ctx.request().method() + " is not supported on " + ctx.request().path(), null)));
        router.errorHandler(413, ctx -> answer(ctx, new Problem("payload-too-large", "Payload too large", 413,
                "The request body exceeds the 10 MiB limit", null)));
        router.route().order(Integer.MIN_VALUE).failureHandler(this::securityFailure);
    }

    private void securityFailure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof AuthenticationException || failure instanceof UnauthorizedException
                || failure instanceof io.quarkus.security.AuthenticationFailedException) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            answer(ctx, new Problem("unauthorized", "Unauthorized", 401,
                    "A valid bearer token is required", null));
        } else if (failure instanceof ForbiddenException) {
            answer(ctx, new Problem("forbidden", "Forbidden", 403, "Your role may not do this", null));
        } else {
            ctx.next();
        }
    }

    private void answer(RoutingContext ctx, Problem problem) {
        if (ctx.response().ended()) {
            return;
        }
        try {
            problem.instance(ctx.request().path());
            ctx.response().setStatusCode(problem.getStatus())
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .end(mapper.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            ctx.response().setStatusCode(problem.getStatus()).end();
        }
    }
}
