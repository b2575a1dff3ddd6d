package org.dabba.payment.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.payment.PaymentsConfig;
import org.dabba.payment.StripeForm;
import org.dabba.platform.Json;
import org.dabba.platform.http.Http;
import org.jboss.logging.Logger;

/**
 * The Stripe-compatible sandbox under /sandbox/stripe, only with {@code dabba.payments.gateway=sandbox}, and its
 * webhook deliveries. Plain platform-http routes, not REST DSL: Stripe's API, not Dabba's contract, answering
 * Stripe's JSON, errors included, never problem+json.
 */
@ApplicationScoped
public class SandboxRoutes extends RouteBuilder {

    private static final Logger LOG = Logger.getLogger(SandboxRoutes.class);

    static final String BASE = "platform-http:/sandbox/stripe/v1";

    @Inject
    PaymentsConfig config;

    @Inject
    Sandbox sandbox;

    @Inject
    SandboxIntents intents;

    @Inject
    SandboxRefunds refunds;

    @Inject
    SandboxWebhooks webhooks;

    @Override
    public void configure() {
        if (config.gateway() != PaymentsConfig.Gateway.SANDBOX) {
            return;
        }

        from(BASE + "/payment_intents?httpMethodRestrict=POST").routeId("payment-sandbox-intent-create")
                .process(e -> answer(e, key -> {
                    Sandbox.secretOnly(key);
                    return intents.create(form(e), idempotencyKey(e));
                }));

        from(BASE + "/payment_intents/{id}?httpMethodRestrict=GET").routeId("payment-sandbox-intent-get")
                .process(e -> answer(e, key -> intents.retrieve(id(e), key,
                        e.getMessage().getHeader("client_secret", String.class))));

        from(BASE + "/payment_intents/{id}/confirm?httpMethodRestrict=POST")
                .routeId("payment-sandbox-intent-confirm")
                .process(e -> answer(e, key -> intents.confirm(id(e), form(e), idempotencyKey(e), key)));

        from(BASE + "/payment_intents/{id}/cancel?httpMethodRestrict=POST")
                .routeId("payment-sandbox-intent-cancel")
                .process(e -> answer(e, key -> {
                    Sandbox.secretOnly(key);
                    return intents.cancel(id(e), form(e), idempotencyKey(e));
                }));

        from(BASE + "/refunds?httpMethodRestrict=POST").routeId("payment-sandbox-refund")
                .process(e -> answer(e, key -> {
                    Sandbox.secretOnly(key);
                    return refunds.refund(form(e), idempotencyKey(e));
                }));

        from("timer:payment-sandbox-webhooks?delay=1000&period={{dabba.payments.sandbox.webhook-poll-interval}}")
                .routeId("payment-sandbox-webhooks")
                .bean(webhooks, "deliverDue");
    }

    /** Checks the key, runs the operation, and answers Stripe's JSON whatever happened. */
    private void answer(Exchange e, Function<Sandbox.Key, Sandbox.Answer> operation) {
        String idempotencyKey = idempotencyKey(e);
        int status;
        String body;
        String requestId = Sandbox.id("req");
        boolean replayed = false;
        try {
            Sandbox.Key key = sandbox.authorize(e.getMessage().getHeader("Authorization", String.class));
            Sandbox.Answer answer = operation.apply(key);
            status = answer.status();
            body = Json.write(answer.body());
            requestId = answer.requestId();
            replayed = answer.replayed();
        } catch (SandboxError error) {
            status = error.status;
            body = Json.write(error.body());
        } catch (RuntimeException failure) {
            LOG.errorf(failure, "Sandbox request %s failed", requestId);
            ObjectNode error = Json.mapper().createObjectNode();
            error.putObject("error").put("type", "api_error")
                    .put("message", "An unexpected error occurred in the sandbox (request " + requestId + ").");
            status = 500;
            body = Json.write(error);
        }
        Http.answer(e, status, Http.JSON, body);
        e.getMessage().setHeader("Request-Id", requestId);
        e.getMessage().setHeader("Stripe-Version", Sandbox.API_VERSION);
        if (idempotencyKey != null) {
            e.getMessage().setHeader("Idempotency-Key", idempotencyKey);
        }
        if (replayed) {
            e.getMessage().setHeader("Idempotent-Replayed", "true");
        }
        if (status == 401) {
            e.getMessage().setHeader("WWW-Authenticate", "Basic realm=\"Stripe\"");
        }
    }

    /** platform-http parses a form body into a map itself (keeping no raw copy); any other body is parsed here. */
    private static StripeForm form(Exchange e) {
        Object body = e.getMessage().getBody();
        if (body instanceof Map<?, ?> map) {
            StripeForm form = new StripeForm();
            map.forEach((name, value) -> {
                if (value instanceof List<?> values) {
                    values.forEach(v -> form.add(String.valueOf(name), v));
                } else {
                    form.add(String.valueOf(name), value);
                }
            });
            return form;
        }
        return StripeForm.parse(e.getMessage().getBody(byte[].class));
    }

    /** The path's id; form fields are copied to headers too, so a field named id must not win. */
    private static String id(Exchange e) {
        Object id = e.getMessage().getHeader("id");
        return id instanceof List<?> values && !values.isEmpty() ? String.valueOf(values.get(0)) : String.valueOf(id);
    }

    private static String idempotencyKey(Exchange e) {
        String key = e.getMessage().getHeader("Idempotency-Key", String.class);
        return key == null || key.isBlank() ? null : key.strip();
    }
}
