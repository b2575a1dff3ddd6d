package org.dabba.payment.sandbox;

import static org.dabba.payment.sandbox.Sandbox.amount;
import static org.dabba.payment.sandbox.Sandbox.id;
import static org.dabba.payment.sandbox.Sandbox.oneOf;
import static org.dabba.payment.sandbox.Sandbox.onlyKnown;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import org.dabba.payment.StripeForm;
import org.dabba.payment.sandbox.Sandbox.Answer;
import org.dabba.platform.Json;
import org.dabba.platform.Time;

/** The sandbox's Refunds: a card refund succeeds at once, in full or in part, up to what was received. */
@ApplicationScoped
class SandboxRefunds {

    private static final Set<String> REFUND_PARAMS = Set.of("payment_intent", "charge", "amount", "reason", "metadata",
            "expand");
    private static final Set<String> REFUND_REASONS = Set.of("duplicate", "fraudulent", "requested_by_customer");

    @Inject
    Sandbox sandbox;

    @Inject
    SandboxIdempotentRequests requests;

    @Inject
    ObjectMapper mapper;

    Answer refund(StripeForm form, String idempotencyKey) {
        return requests.idempotent(idempotencyKey, "POST /v1/refunds", form, requestId -> {
            onlyKnown(form, REFUND_PARAMS);
            String intentId = form.value("payment_intent");
            String chargeId = form.value("charge");
            SandboxIntent intent;
            if (intentId != null) {
                intent = SandboxIntent.locked(intentId, "payment_intent");
            } else if (chargeId != null) {
                SandboxIntent charged = SandboxIntent.find("latestCharge", chargeId).firstResult();
                if (charged == null) {
                    throw SandboxError.noSuch("charge", "charge", chargeId);
                }
                intent = SandboxIntent.locked(charged.id, "charge");
            } else {
                throw SandboxError.invalid("parameter_missing", null,
                        "One of the following params should be provided for this request: payment_intent or charge.");
            }
            String reason = oneOf(form, "reason", REFUND_REASONS);
            if (!intent.status.equals("succeeded")) {
                throw SandboxError.invalid("payment_intent_unexpected_state", "payment_intent", "This PaymentIntent ("
                        + intent.id + ") does not have a successful charge to refund.");
            }
            long remaining = intent.amountReceived - intent.amountRefunded;
            if (remaining <= 0) {
                throw SandboxError.invalid("charge_already_refunded", null,
                        "Charge " + intent.latestCharge + " has already been refunded.");
            }
            long amount = form.has("amount") ? amount(form.value("amount"), false) : remaining;
            if (amount > remaining) {
                throw SandboxError.invalid("amount_too_large", "amount", "Refund amount (" + amount + ") is greater "
                        + "than unrefunded amount on charge (" + remaining + ")");
            }
            SandboxRefund refund = new SandboxRefund();
            refund.id = id("re");
            refund.paymentIntent = intent.id;
            refund.charge = intent.latestCharge;
            refund.amount = amount;
            refund.currency = intent.currency;
            refund.status = "succeeded";
            refund.reason = reason;
            refund.created = Time.now();
            refund.persist();
            intent.amountRefunded += amount;
            ObjectNode view = view(refund, form.hash("metadata"));
            // As Stripe reports a card refund done at once: the refund, the charge's new refunded total, the
            // refund's status (a receiver may rely on either).
            sandbox.owe("refund.created", view, requestId, idempotencyKey);
            sandbox.owe("charge.refunded", charge(intent), requestId, idempotencyKey);
            sandbox.owe("refund.updated", view.deepCopy(), requestId, idempotencyKey);
            return new Answer(200, view, false, requestId);
        });
    }

    /** The intent's charge as Stripe's Charge object shows it, with what has been refunded of it. */
    private ObjectNode charge(SandboxIntent intent) {
        ObjectNode json = mapper.createObjectNode();
        json.put("id", intent.latestCharge);
        json.put("object", "charge");
        json.put("amount", intent.amountReceived);
        json.put("amount_captured", intent.amountReceived);
        json.put("amount_refunded", intent.amountRefunded);
        json.putNull("balance_transaction");
        json.put("captured", true);
        json.put("created", intent.created.getEpochSecond());
        json.put("currency", intent.currency);
        json.putNull("customer");
        json.put("description", intent.description);
        json.put("livemode", false);
        json.set("metadata", Json.read(intent.metadata, JsonNode.class));
        json.put("paid", true);
        json.put("payment_intent", intent.id);
        json.put("payment_method", intent.paymentMethod);
        json.put("refunded", intent.amountRefunded >= intent.amountReceived);
        json.put("status", "succeeded");
        return json;
    }

    private ObjectNode view(SandboxRefund refund, Map<String, String> metadata) {
        ObjectNode json = mapper.createObjectNode();
        json.put("id", refund.id);
        json.put("object", "refund");
        json.put("amount", refund.amount);
        json.putNull("balance_transaction");
        json.put("charge", refund.charge);
        json.put("created", refund.created.getEpochSecond());
        json.put("currency", refund.currency);
        json.set("metadata", mapper.valueToTree(metadata));
        json.put("payment_intent", refund.paymentIntent);
        json.put("reason", refund.reason);
        json.putNull("receipt_number");
        json.putNull("source_transfer_reversal");
        json.put("status", refund.status);
        json.putNull("transfer_reversal");
        return json;
    }
}
