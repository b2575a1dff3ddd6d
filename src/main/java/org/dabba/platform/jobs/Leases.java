package org.dabba.platform.jobs;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.Query;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.dabba.platform.Time;

/**
 * The one way durable work (a refund, a POS delivery, a sandbox webhook: a row that must be acted on) is claimed.
 * In a short transaction the due rows are selected {@code FOR UPDATE SKIP LOCKED} and their due time is moved to
 * the end of a lease, so that instances never attempt one row at once, no connection is held while the work calls
 * out, and a row whose instance died comes due again. The caller records the outcome, guarded so that a late one
 * cannot overwrite a newer attempt's.
 */
public final class Leases {

    private Leases() {
    }

    /**
     * A claim of due rows.
     *
     * @param table   the table whose rows are claimed
     * @param key     its key column
     * @param due     its column of when a row is due next (e.g. {@code next_attempt_at})
     * @param select  a native query whose first column is the row's key, with the parameters {@code :now} and
     *                {@code :limit} and the {@code FOR UPDATE … SKIP LOCKED} clause
     * @param params  its other parameters
     * @param limit   how many rows at most
     * @param leaseFor how long one attempt may take at its worst: the row is due again after it
     * @param alsoSet further assignments made with the lease (e.g. {@code attempts = attempts + 1}; {@code :now} is
     *                the claim's time), or null
     * @param row     what the caller keeps of each row
     */
    public record Claim<T>(String table, String key, String due, String select, Map<String, Object> params, int limit, Duration leaseFor,
            String alsoSet, Function<Object[], T> row) {
    }

    /** Claims the due rows in a transaction of its own and answers them, leased. */
    public static <T> List<T> claim(Claim<T> claim) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Time.now();
            Query select = Panache.getEntityManager().createNativeQuery(claim.select())
                    .setParameter("now", now).setParameter("limit", claim.limit());
            claim.params().forEach(select::setParameter);
            @SuppressWarnings("unchecked")
            List<Object> found = select.getResultList();
            if (found.isEmpty()) {
                return List.of();
            }
            List<Object[]> rows = found.stream().map(r -> r instanceof Object[] a ? a : new Object[] {r}).toList();
            Query lease = Panache.getEntityManager().createNativeQuery("update " + claim.table()
                    + " set " + claim.due() + " = :leaseEnd" + (claim.alsoSet() == null ? "" : ", " + claim.alsoSet())
                    + " where " + claim.key() + " in (:ids)")
                    .setParameter("leaseEnd", now.plus(claim.leaseFor()))
                    .setParameter("ids", rows.stream().map(r -> r[0]).toList());
            if (claim.alsoSet() != null && claim.alsoSet().contains(":now")) {
                lease.setParameter("now", now);
            }
            lease.executeUpdate();
            return rows.stream().map(claim.row()).toList();
        });
    }

    /** A timestamp column of a claimed row as an instant, whichever type the driver answered it as. */
    public static Instant instant(Object column) {
        if (column == null || column instanceof Instant) {
            return (Instant) column;
        }
        if (column instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        if (column instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalArgumentException("Not a timestamp: " + column.getClass());
    }

    /**
     * An error as kept with a failed attempt and logged: at most {@code max} characters, on one line. It may quote
     * what a partner's server answered, which must not be able to write lines of its own into the log.
     */
    public static String truncate(String error, int max) {
        String s = error == null ? "unknown failure" : error;
        s = s.length() > max ? s.substring(0, max) : s;
        return s.replaceAll("[\\x00-\\x1F\\x7F-\\x9F\\u2028\\u2029]", " ");
    }
}
