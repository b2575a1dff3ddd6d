package org.dabba.payment.sandbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** An error the sandbox answers the way Stripe does: {@code {"error": {type, code, message, ...}}} and its status. */
final class SandboxError extends RuntimeException {

    final int status;
    final ObjectNode error;

    SandboxError(int status, String type, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.error = JsonNodeFactory.instance.objectNode();
        error.put("type", type);
        if (code != null) {
            error.put("code", code);
            error.put("doc_url", "https://stripe.com/docs/error-codes/" + code.replace('_', '-'));
        }
        error.put("message", message);
    }

    SandboxError param(String param) {
        error.put("param", param);
        return this;
    }

    ObjectNode body() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("error", error);
        return body;
    }

    static SandboxError invalid(String code, String param, String message) {
        SandboxError e = new SandboxError(400, "invalid_request_error", code, message);
        return param == null ? e : e.param(param);
    }

    static SandboxError missing(String param) {
        return invalid("parameter_missing", param, "Missing required param: " + param + ".");
    }

    static SandboxError unknownParameter(String param) {
        return invalid("parameter_unknown", param, "Received unknown parameter: " + param);
    }

    static SandboxError noSuch(String object, String param, String id) {
        return new SandboxError(404, "invalid_request_error", "resource_missing",
                "No such " + object + ": '" + id + "'").param(param);
    }

    static SandboxError unexpectedState(String action, String status) {
        return invalid("payment_intent_unexpected_state", null, "You cannot " + action
                + " this PaymentIntent because it has a status of " + status + ".");
    }
}
