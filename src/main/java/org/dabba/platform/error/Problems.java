package org.dabba.platform.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolationException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.dabba.platform.http.JsonLimits;
import org.jboss.logging.Logger;

/**
 * The one translation from a failure to the problem the caller sees. Known failures become precise 4xx
 * problems; anything else is a 500 that names an error id for the logs and never leaks a stack trace.
 */
public final class Problems {

    private static final Logger LOG = Logger.getLogger(Problems.class);

    private Problems() {
    }

    public static Problem from(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            Problem known = known(t);
            if (known != null) {
                return known;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(failure, "Unexpected failure, error id %s", errorId);
        return new Problem("internal", "Internal error", 500,
                "Something went wrong on our side; quote error id " + errorId + " when reporting it", null)
                .with("errorId", errorId);
    }

    private static Problem known(Throwable t) {
        if (t instanceof ProblemException p) {
            return p.problem();
        }
        if (t instanceof ConstraintViolationException cve) {
            return ProblemException.invalid(cve.getConstraintViolations().stream()
                    .map(v -> new Problem.FieldError(v.getPropertyPath().toString(), v.getMessage()))
                    .sorted(Comparator.comparing(Problem.FieldError::field))
                    .toList()).problem();
        }
        if (t instanceof InvalidFormatException ife) {
            String field = path(ife);
            Class<?> target = ife.getTargetType();
            String message = target != null && target.isEnum()
                    ? "must be one of " + Arrays.stream(target.getEnumConstants()).map(String::valueOf)
                            .collect(Collectors.joining(", "))
                    : "has the wrong type: expected " + describe(target);
            return ProblemException.invalid(field, message).problem();
        }
        if (t instanceof JsonLimits.Refused refused) {
            return ProblemException.invalid(path(refused), refused.reason()).problem();
        }
        if (t instanceof MismatchedInputException mie && !mie.getPath().isEmpty()) {
            return ProblemException.invalid(path(mie), "has the wrong type: expected " + describe(mie.getTargetType()))
                    .problem();
        }
        if (t instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
            return ProblemException.invalid(path(jme), "is not valid").problem();
        }
        if (t instanceof JsonProcessingException jpe) {
            return new Problem("malformed-json", "Malformed JSON", 400,
                    "The request body is not valid JSON: " + jpe.getOriginalMessage(), null);
        }
        if (t instanceof OptimisticLockException || t instanceof org.hibernate.StaleStateException) {
            return ProblemException.conflict("concurrent-update",
                    "Someone else changed this resource at the same time; read it again and retry").problem();
        }
        return null;
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class || type == UUID.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }
}
