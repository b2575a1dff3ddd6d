package org.dabba.platform.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.io.IOException;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.dabba.platform.error.ProblemException;

/**
 * How every HTTP route reads its request and writes its answer: JSON in, bean-validated, JSON out.
 * Failures surface as exceptions that the one error mapper turns into problem+json.
 */
@ApplicationScoped
public class Http {

    public static final String JSON = "application/json";

    @Inject
    ObjectMapper mapper;

    @Inject
    Validator validator;

    /** The request body as {@code type}, validated; 400 when it is absent, malformed or invalid. */
    public <T> T read(Exchange exchange, Class<T> type) {
        T value = readUnvalidated(exchange, type);
        Set<ConstraintViolation<T>> violations = validator.validate(value);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return value;
    }

    public <T> T readUnvalidated(Exchange exchange, Class<T> type) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (body == null || body.length == 0 || isBlank(body)) {
            throw ProblemException.badRequest("A JSON request body is required");
        }
        try {
            T value = JsonLimits.fromCaller(mapper, type).readValue(body);
            if (value == null) {
                throw ProblemException.badRequest("A JSON object is required as the request body");
            }
            return value;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public void ok(Exchange exchange, Object body) {
        json(exchange, 200, body);
    }

    public void created(Exchange exchange, String location, Object body) {
        json(exchange, 201, body);
        exchange.getMessage().setHeader("Location", location);
    }

    public void noContent(Exchange exchange) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
        message.setBody(null);
    }

    public void json(Exchange exchange, int status, Object body) {
        try {
            answer(exchange, status, JSON, mapper.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException("Could not write the answer as JSON", e);
        }
    }

    /** Sets an answer, dropping request headers so that none is echoed back to the caller. */
    public static void answer(Exchange exchange, int status, String contentType, String body) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, contentType);
        message.setBody(body);
    }

    /** True when the request has a body that is not only whitespace; the body stays readable for {@link #read}. */
    public static boolean hasBody(Exchange e) {
        byte[] body = e.getMessage().getBody(byte[].class);
        e.getMessage().setBody(body);
        if (body == null) {
            return false;
        }
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return true;
            }
        }
        return false;
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

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
    }

}
