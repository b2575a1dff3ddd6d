package org.dabba.platform.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.dabba.platform.error.Problem.FieldError;
import org.dabba.platform.error.ProblemException;

/**
 * What the contract says a request may carry, checked before the operation's route runs: query parameters (required,
 * type, bounds, enum, length) and the JSON body, read with {@link JsonLimits}' bounds into the route's record and
 * bean-validated. Every bad parameter and field is named in one 400, an unknown enum value beside the others. Path
 * ids are left to the routes: a malformed id names a resource that cannot exist (404), a domain answer.
 */
@Singleton
public class ContractChecks {

    @Inject
    ObjectMapper mapper;

    @Inject
    Validator validator;

    private final Map<String, List<Parameter>> parameters = new ConcurrentHashMap<>();

    /** The body bound to {@code type} (null when there is no type or no optional body); 400 for anything bad. */
    public Object check(OpenAPI openAPI, Operation operation, Exchange exchange, Class<?> type) {
        List<FieldError> errors = new ArrayList<>();
        for (Parameter p : parameters(openAPI, operation)) {
            if ("query".equals(p.getIn())) {
                checkQuery(p, exchange.getMessage(), errors);
            }
        }
        Object body = type == null ? null : bind(operation, exchange.getMessage(), type, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return body;
    }

    private Object bind(Operation operation, Message m, Class<?> type, List<FieldError> errors) {
        byte[] bytes = m.getBody(byte[].class);
        m.setBody(bytes);
        if (bytes == null || new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            boolean required = operation.getRequestBody() != null
                    && Boolean.TRUE.equals(operation.getRequestBody().getRequired());
            if (!required) {
                return null;
            }
            throw ProblemException.badRequest("A JSON request body is required");
        }
        ObjectReader reader = JsonLimits.fromCaller(mapper, type);
        Object value;
        List<FieldError> enums = List.of();
        try {
            try {
                value = reader.readValue(bytes);
            } catch (InvalidFormatException e) {
                enums = badEnums(bodySchema(operation), mapper.readTree(bytes), "");
                if (enums.isEmpty() || e.getTargetType() == null || !e.getTargetType().isEnum()) {
                    throw e;
                }
                value = reader.with(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL).readValue(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (value == null) {
            throw ProblemException.badRequest("A JSON object is required as the request body");
        }
        Set<String> named = enums.stream().map(FieldError::field).collect(Collectors.toSet());
        List<FieldError> found = new ArrayList<>(enums);
        for (ConstraintViolation<Object> v : validator.validate(value)) {
            String field = v.getPropertyPath().toString();
            if (!named.contains(field)) {
                found.add(new FieldError(field, v.getMessage()));
            }
        }
        found.sort(Comparator.comparing(FieldError::field));
        errors.addAll(found);
        return value;
    }

    /** Values of the body outside their property's enum in the contract, with their JSON paths. */
    private static List<FieldError> badEnums(Schema<?> schema, JsonNode node, String path) {
        List<FieldError> bad = new ArrayList<>();
        if (schema == null || node == null || node.isNull()) {
            return bad;
        }
        if (schema.getEnum() != null && !schema.getEnum().isEmpty() && node.isTextual()
                && schema.getEnum().stream().noneMatch(v -> node.asText().equals(String.valueOf(v)))) {
            bad.add(new FieldError(path.isEmpty() ? "body" : path, "must be one of " + schema.getEnum().stream()
                    .map(String::valueOf).collect(Collectors.joining(", "))));
        }
        if (node.isObject() && schema.getProperties() != null) {
            schema.getProperties().forEach((name, property) -> bad.addAll(
                    badEnums(property, node.get(name), path.isEmpty() ? name : path + "." + name)));
        }
        if (node.isArray() && schema.getItems() != null) {
            for (int i = 0; i < node.size(); i++) {
                bad.addAll(badEnums(schema.getItems(), node.get(i), path + "[" + i + "]"));
            }
        }
        return bad;
    }

    private static Schema<?> bodySchema(Operation operation) {
        if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
            return null;
        }
        MediaType json = operation.getRequestBody().getContent().get(Http.JSON);
        return json == null ? null : json.getSchema();
    }

    private static void checkQuery(Parameter p, Message m, List<FieldError> errors) {
        String raw = m.getHeader(p.getName(), String.class);
        if (raw == null || raw.isBlank()) {
            if (Boolean.TRUE.equals(p.getRequired())) {
                errors.add(new FieldError(p.getName(), "is required"));
            }
            return;
        }
        Schema<?> s = p.getSchema();
        String refusal = s == null ? null : switch (String.valueOf(type(s))) {
            case "integer" -> integer(s, raw.strip());
            case "number" -> number(s, raw.strip());
            case "boolean" -> raw.equals("true") || raw.equals("false") ? null : "must be true or false";
            case "string" -> string(s, raw);
            default -> null;
        };
        if (refusal != null) {
            errors.add(new FieldError(p.getName(), refusal));
        }
    }

    private static String integer(Schema<?> s, String raw) {
        BigDecimal min = s.getMinimum();
        BigDecimal max = s.getMaximum();
        String rule = "must be a whole number" + (min != null && max != null ? " from " + plain(min) + " to " + plain(max)
                : min != null ? " of at least " + plain(min) : max != null ? " of at most " + plain(max) : "");
        try {
            BigDecimal value = new BigDecimal(Long.parseLong(raw));
            return (min != null && value.compareTo(min) < 0) || (max != null && value.compareTo(max) > 0) ? rule : null;
        } catch (NumberFormatException e) {
            return rule;
        }
    }

    private static String number(Schema<?> s, String raw) {
        BigDecimal value = JsonLimits.decimal(raw);
        if (value == null) {
            return "must be a number";
        }
        BigDecimal min = s.getMinimum();
        BigDecimal above = s.getExclusiveMinimumValue();
        BigDecimal max = s.getMaximum();
        boolean low = (min != null && value.compareTo(min) < 0) || (above != null && value.compareTo(above) <= 0);
        boolean high = max != null && value.compareTo(max) > 0;
        if (!low && !high) {
            return null;
        }
        if (min != null && max != null) {
            return "must be between " + plain(min) + " and " + plain(max);
        }
        if (above != null) {
            return "must be more than " + plain(above) + (max != null ? " and at most " + plain(max) : "");
        }
        return min != null ? "must be at least " + plain(min) : "must be at most " + plain(max);
    }

    private static String string(Schema<?> s, String raw) {
        if (s.getEnum() != null && !s.getEnum().isEmpty()
                && s.getEnum().stream().noneMatch(v -> String.valueOf(v).equalsIgnoreCase(raw.strip()))) {
            return "must be one of " + s.getEnum().stream().map(String::valueOf).collect(Collectors.joining(", "));
        }
        if (s.getMaxLength() != null && raw.length() > s.getMaxLength()) {
            return "must be at most " + s.getMaxLength() + " characters";
        }
        if ("uuid".equals(s.getFormat())) {
            try {
                UUID.fromString(raw.strip());
            } catch (IllegalArgumentException e) {
                return "must be a UUID";
            }
        }
        return null;
    }

    private static String type(Schema<?> s) {
        if (s.getType() != null) {
            return s.getType();
        }
        return s.getTypes() == null ? null : s.getTypes().stream().filter(t -> !"null".equals(t)).findFirst().orElse(null);
    }

    private static String plain(BigDecimal d) {
        return d.stripTrailingZeros().toPlainString();
    }

    /** The operation's parameters with those its path declares for every method (the operation's win). */
    private List<Parameter> parameters(OpenAPI openAPI, Operation operation) {
        return parameters.computeIfAbsent(operation.getOperationId(), id -> {
            Map<String, Parameter> merged = new LinkedHashMap<>();
            for (PathItem item : openAPI.getPaths().values()) {
                if (item.readOperations().contains(operation) && item.getParameters() != null) {
                    item.getParameters().forEach(p -> merged.put(p.getIn() + ":" + p.getName(), p));
                }
            }
            if (operation.getParameters() != null) {
                operation.getParameters().forEach(p -> merged.put(p.getIn() + ":" + p.getName(), p));
            }
            return List.copyOf(merged.values());
        });
    }
}
