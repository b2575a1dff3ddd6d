package org.dabba.platform.error;

import org.hibernate.exception.ConstraintViolationException;

/** Recognises which database constraint refused a write, so a unique index can decide a 409. */
public final class Constraints {

    private Constraints() {
    }

    public static boolean violated(Throwable failure, String constraintName) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConstraintViolationException cve && constraintName.equalsIgnoreCase(cve.getConstraintName())) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql && sql.getMessage() != null
                    && sql.getMessage().contains("\"" + constraintName + "\"")) {
                return true;
            }
        }
        return false;
    }
}
