package org.dabba.platform;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/** Work that must happen only if the caller's transaction commits (a nudge, a count): never for a rolled-back change. */
public final class AfterCommit {

    private AfterCommit() {
    }

    /** Runs {@code work} once the current transaction commits; at once when there is none. */
    public static void run(TransactionSynchronizationRegistry transactions, Runnable work) {
        if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            work.run();
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    work.run();
                }
            }
        });
    }
}
