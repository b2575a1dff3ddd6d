package org.dabba.identity;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** In prod the app refuses to start with the well-known default admin password (or none). */
class AdminPasswordRuleTest {

    private static IdentityConfig config(boolean allowDefault, String password) {
        return new IdentityConfig() {
            public String adminEmail() { return "admin@dabba.local"; }
            public String adminPassword() { return password; }
            public boolean allowDefaultAdminPassword() { return allowDefault; }
            public String tokenIssuer() { return "https://dabba.local"; }
            public Duration tokenLifetime() { return Duration.ofHours(1); }
            public int bcryptCost() { return 4; }
        };
    }

    @Test
    void prodRefusesToStartWithTheDefaultPassword() {
        IdentityService identity = new IdentityService();
        identity.config = config(false, IdentityService.DEFAULT_ADMIN_PASSWORD);
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> identity.bootstrapAdmin(null));
        assertTrue(refused.getMessage().contains("DABBA_ADMIN_PASSWORD"));
    }
}
