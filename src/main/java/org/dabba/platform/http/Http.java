package org.dabba.platform.http;

import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.dabba.platform.Json;
import org.dabba.platform.error.Problem;
import org.dabba.platform.error.ProblemException;

/**
 * The two things routes still do by hand around the contract's binding ({@link Edge}): write an answer that is not
 * a bound result (problems, the cached menu, the sandbox's Stripe-shaped JSON), and read an id from the path.
 */
public final class Http {

    public static final String JSON = "application/json";

    private Http() {
    }

    /** Sets an answer, dropping request headers so that none is echoed back to the caller. */
    public static void answer(Exchange exchange, int status, String contentType, String body) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, contentType);
        message.setBody(body);
    }

    /** Answers with {@code problem} as problem+json. */
    public static void problem(Exchange exchange, Problem problem) {
        answer(exchange, problem.getStatus(), Problem.MEDIA_TYPE, Json.write(problem));
    }

    /** A path or query parameter as a UUID; 404 for a malformed id, since no such resource can exist. */
    public static UUID uuidParam(Exchange exchange, String name, String what) {
        String raw = exchange.getMessage().getHeader(name, String.class);
        try {
            return UUID.fromString(raw);
        } catch (RuntimeException e) {
            throw ProblemException.notFound(what, raw);
        }
    }
}
