package org.dabba.platform.http;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import org.dabba.platform.error.HttpProblemHandlers;
import org.dabba.platform.error.Problem;
import org.dabba.platform.error.ProblemException;

/**
 * Path segments and query parameters with control characters (a NUL, which PostgreSQL refuses in text, an escape
 * sequence that would rewrite a terminal) or broken percent-encoding are refused with a 400 before any route sees
 * them, the way {@link JsonLimits} refuses them in bodies.
 */
@ApplicationScoped
public class ParameterChecks {

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        Problem problem;
        try {
            problem = refusal(ctx);
        } catch (IllegalArgumentException malformed) {
            problem = ProblemException.badRequest("The request URI is not properly percent-encoded").problem();
        }
        if (problem == null) {
            ctx.next();
            return;
        }
        HttpProblemHandlers.answer(ctx, problem);
    }

    private static Problem refusal(RoutingContext ctx) {
        String path = ctx.request().path();
        if (path != null && path.indexOf('%') >= 0) {
            String refused = JsonLimits.badCharacter(QueryStringDecoder.decodeComponent(path.replace("+", "%2B")));
            if (refused != null) {
                return ProblemException.invalid("path", refused).problem();
            }
        }
        String query = ctx.request().query();
        if (query == null || query.isEmpty()) {
            return null;
        }
        for (Map.Entry<String, List<String>> param : new QueryStringDecoder(query, false).parameters().entrySet()) {
            String refused = JsonLimits.badCharacter(param.getKey());
            if (refused != null) {
                return ProblemException.invalid("query", refused).problem();
            }
            for (String value : param.getValue()) {
                refused = JsonLimits.badCharacter(value);
                if (refused != null) {
                    return ProblemException.invalid(param.getKey(), refused).problem();
                }
            }
        }
        return null;
    }
}
