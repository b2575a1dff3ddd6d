package org.dabba.platform.error;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem detail, the one shape of every error Dabba answers. {@code type} is a relative URI
 * {@code /problems/<slug>}; the slugs are listed in docs/reference/requests.md. Extra members (e.g. the id of a
 * conflicting cart) go in {@link #with}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({ "type", "title", "status", "detail", "instance", "errors" })
public final class Problem {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One bad field of a request: {@code field} is its JSON path, e.g. {@code address.latitude}. */
    public record FieldError(String field, String message) {
    }

    private final String type;
    private final String title;
    private final int status;
    private final String detail;
    private String instance;
    private final List<FieldError> errors;
    private final Map<String, Object> extensions = new LinkedHashMap<>();

    public Problem(String slug, String title, int status, String detail, List<FieldError> errors) {
        this.type = "/problems/" + slug;
        this.title = title;
        this.status = status;
        this.detail = detail;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** RFC 9457's own members: an extension of the same name would make the JSON ambiguous. */
    private static final java.util.Set<String> STANDARD_MEMBERS = java.util.Set.of("type", "title", "status",
            "detail", "instance", "errors");

    /** Adds an extension member (e.g. {@code orderStatus}); the standard members' names are refused. */
    public Problem with(String member, Object value) {
        if (STANDARD_MEMBERS.contains(member)) {
            throw new IllegalArgumentException("'" + member + "' is a standard problem member, not an extension");
        }
        extensions.put(member, value);
        return this;
    }

    public Problem instance(String path) {
        this.instance = path;
        return this;
    }

    public String getType() {
        return type;
    }

    public String getTitle() {
        return title;
    }

    public int getStatus() {
        return status;
    }

    public String getDetail() {
        return detail;
    }

    public String getInstance() {
        return instance;
    }

    public List<FieldError> getErrors() {
        return errors;
    }

    @JsonAnyGetter
    public Map<String, Object> getExtensions() {
        return extensions;
    }
}
