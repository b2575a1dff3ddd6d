package org.dabba.payment.sandbox;

import static org.dabba.payment.sandbox.Sandbox.id;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Function;
import org.dabba.payment.StripeForm;
import org.dabba.payment.sandbox.Sandbox.Answer;
import org.dabba.platform.Json;
import org.dabba.platform.Text;
import org.dabba.platform.Time;

/** The sandbox's Idempotency-Key semantics: each key's first answer, replayed to the same request sent again. */
@ApplicationScoped
class SandboxIdempotentRequests {

    /**
     * The key is claimed by inserting its row in the request's transaction: a concurrent request with it waits,
     * then replays. As in Stripe, a request refused before it ran is not saved, so the key can be used again.
     */
    Answer idempotent(String key, String operation, StripeForm form,
            Function<String, Answer> action) {
        String requestId = id("req");
        if (key == null || key.isBlank()) {
            return QuarkusTransaction.requiringNew().call(() -> action.apply(requestId));
        }
        if (key.length() > 255) {
            throw SandboxError.invalid(null, null, "The Idempotency-Key header can be at most 255 characters long.");
        }
        String fingerprint = Text.digest("SHA-256", operation + "\n" + form.canonical());
        return QuarkusTransaction.requiringNew().call(() -> {
            int claimed = Panache.getEntityManager().createNativeQuery("insert into sandbox_idempotent_requests "
                    + "(idempotency_key, fingerprint, status, response, created_at) values (:key, :fp, 0, '', :now) "
                    + "on conflict do nothing")
                    .setParameter("key", key).setParameter("fp", fingerprint).setParameter("now", Time.now())
                    .executeUpdate();
            SandboxIdempotentRequest saved = SandboxIdempotentRequest.findById(key);
            if (claimed == 0) {
                if (!saved.fingerprint.equals(fingerprint)) {
                    throw new SandboxError(400, "idempotency_error", null, "Keys for idempotent requests can only be "
                            + "used with the same parameters they were first used with. Try using a key other than '"
                            + key + "' if you meant to execute a different request.");
                }
                return new Answer(saved.status, Json.read(saved.response, JsonNode.class), true, requestId);
            }
            Answer answer = action.apply(requestId);
            saved.status = answer.status();
            saved.response = Json.write(answer.body());
            return answer;
        });
    }
}
