package org.dabba.payment.sandbox;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A PaymentIntent of the Stripe-compatible sandbox, kept so that it survives restarts. */
@Entity
@Table(name = "sandbox_payment_intents")
public class SandboxIntent extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "client_secret")
    public String clientSecret;

    public long amount;

    public String currency;

    public String status;

    public String description;

    /** JSON array of Stripe payment method types, e.g. ["card"]. */
    @Column(name = "payment_method_types")
    @JdbcTypeCode(SqlTypes.JSON)
    public String paymentMethodTypes;

    /** JSON object of string values. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String metadata;

    @Column(name = "payment_method")
    public String paymentMethod;

    @Column(name = "latest_charge")
    public String latestCharge;

    @Column(name = "amount_received")
    public long amountReceived;

    @Column(name = "amount_refunded")
    public long amountRefunded;

    /** Stripe's last_payment_error object, JSON, while the last attempt failed. */
    @Column(name = "last_payment_error")
    @JdbcTypeCode(SqlTypes.JSON)
    public String lastPaymentError;

    @Column(name = "canceled_at")
    public Instant canceledAt;

    @Column(name = "cancellation_reason")
    public String cancellationReason;

    public Instant created;

    @Version
    public long version;

    /** The intent, or Stripe's resource_missing naming the {@code intent} parameter. */
    static SandboxIntent existing(String id) {
        return found(findById(id), "intent", id);
    }

    /** The intent, locked for the change; resource_missing names {@code param}, the parameter that named it. */
    static SandboxIntent locked(String id, String param) {
        return found(findById(id, LockModeType.PESSIMISTIC_WRITE), param, id);
    }

    private static SandboxIntent found(SandboxIntent intent, String param, String id) {
        if (intent == null) {
            throw SandboxError.noSuch("payment_intent", param, id);
        }
        return intent;
    }
}
