package org.dabba.platform.error;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Thrown by domain services and routes to answer with a problem. The static factories name the
 * common cases so that call sites read as the rule they enforce.
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final transient Map<String, String> headers = new LinkedHashMap<>();

    public ProblemException(Problem problem) {
        super(problem.getDetail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    /** An HTTP header the answer carries besides the problem, e.g. {@code Retry-After} of a 429. */
    public ProblemException withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(new Problem("bad-request", "Bad request", 400, detail, null));
    }

    public static ProblemException invalid(List<Problem.FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid";
        return new ProblemException(new Problem("validation", "Invalid request", 400, detail, errors));
    }

    public static ProblemException invalid(String field, String message) {
        return invalid(List.of(new Problem.FieldError(field, message)));
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(new Problem("unauthorized", "Unauthorized", 401, detail, null));
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(new Problem("forbidden", "Forbidden", 403, detail, null));
    }

    public static ProblemException notFound(String what, Object id) {
        return new ProblemException(new Problem("not-found", "Not found", 404, what + " " + id + " does not exist", null));
    }

    public static ProblemException conflict(String slug, String detail) {
        return new ProblemException(new Problem(slug, "Conflict", 409, detail, null));
    }

    public static ProblemException of(int status, String slug, String title, String detail) {
        return new ProblemException(new Problem(slug, title, status, detail, null));
    }
}
