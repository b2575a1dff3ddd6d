package org.dabba.payment;

import org.dabba.platform.error.Problem;
import org.dabba.platform.error.ProblemException;

/**
 * The gateway could not do what was asked, as a problem the caller can answer as it is or map: checkout marks
 * the order PAYMENT_FAILED on any of them. REJECTED: it answered 4xx (502); UNAVAILABLE: 5xx or unreachable
 * (502); TIMEOUT: no answer within {@code dabba.payments.timeout} (504).
 */
public class PaymentGatewayException extends ProblemException {

    public enum Kind { REJECTED, UNAVAILABLE, TIMEOUT }

    private final Kind kind;
    private final int gatewayStatus;
    private final String gatewayCode;

    private PaymentGatewayException(Kind kind, int gatewayStatus, String gatewayCode, Problem problem) {
        super(problem);
        this.kind = kind;
        this.gatewayStatus = gatewayStatus;
        this.gatewayCode = gatewayCode;
    }

    public static PaymentGatewayException rejected(int status, String type, String code, String message) {
        String named = code != null ? code : type != null ? type : "error";
        Problem problem = new Problem("payment-gateway-rejected", "Payment gateway refused the request", 502,
                "The payment gateway answered HTTP " + status + " (" + named + ")"
                        + (message == null ? "" : ": " + message), null)
                .with("gatewayStatus", status);
        if (type != null) {
            problem.with("gatewayErrorType", type);
        }
        if (code != null) {
            problem.with("gatewayErrorCode", code);
        }
        if (message != null) {
            problem.with("gatewayMessage", message);
        }
        return new PaymentGatewayException(Kind.REJECTED, status, code, problem);
    }

    public static PaymentGatewayException unavailable(int status, String detail) {
        Problem problem = new Problem("payment-gateway-unavailable", "Payment gateway unavailable", 502, detail, null);
        if (status > 0) {
            problem.with("gatewayStatus", status);
        }
        return new PaymentGatewayException(Kind.UNAVAILABLE, status, null, problem);
    }

    public static PaymentGatewayException timeout(java.time.Duration timeout) {
        return new PaymentGatewayException(Kind.TIMEOUT, 0, null, new Problem("payment-gateway-timeout",
                "Payment gateway timeout", 504, "The payment gateway did not answer within " + timeout.toMillis()
                        + " ms; retrying with the same idempotency key is safe", null));
    }

    public Kind kind() {
        return kind;
    }

    /** 0 when the gateway gave none (unreachable, timeout). */
    public int gatewayStatus() {
        return gatewayStatus;
    }

    /** Stripe's error {@code code} (e.g. {@code parameter_missing}), when it gave one. */
    public String gatewayCode() {
        return gatewayCode;
    }

    /** The gateway refused a refund because the charge is refunded already (by an earlier call, or by hand). */
    public boolean alreadyRefunded() {
        return kind == Kind.REJECTED && "charge_already_refunded".equals(gatewayCode);
    }

    /** The gateway refused a refund for more than the charge still holds: asking again would not change that. */
    public boolean refundTooLarge() {
        return kind == Kind.REJECTED && "amount_too_large".equals(gatewayCode);
    }

    /** The gateway answered (4xx or 5xx), as opposed to not being reached or not answering in time. */
    public boolean answered() {
        return gatewayStatus > 0;
    }
}
