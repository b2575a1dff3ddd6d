package org.dabba.testing;

import java.util.HashMap;
import java.util.Map;

/**
 * Rate limits out of the way, for apps the tests and benchmarks start outside the {@code test} profile (where the
 * {@code %test} values of application.properties do not apply): they sign up and log in many users, search and send
 * positions quickly, all from one address.
 */
public final class GenerousLimits {

    private GenerousLimits() {
    }

    public static Map<String, String> config() {
        Map<String, String> config = new HashMap<>();
        for (String key : new String[] { "login.per-account", "login.per-address", "login.lockout.after-failures",
                "signup.per-address", "promo.per-customer", "search.per-address", "checkout.per-customer",
                "courier-locations.per-second" }) {
            config.put("dabba.limits." + key, "100000");
        }
        for (String socket : new String[] { "courier", "customer-order", "restaurant-dashboard" }) {
            config.put("dabba.limits.sockets." + socket, "100");
        }
        return config;
    }
}
