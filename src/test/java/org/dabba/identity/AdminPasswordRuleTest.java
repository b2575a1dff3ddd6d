package org.dabba.identity;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.dabba.platform.security.Role;
import org.junit.jupiter.api.Test;

/** In prod the app refuses to start with the well-known default admin password, or any weak one. */
class AdminPasswordRuleTest {

    private static IdentityConfig config(boolean allowDefault, String password) {
        return new IdentityConfig() {
            public String adminEmail() { return "admin@dabba.local"; }
            public String adminPassword() { return password; }
            public boolean allowDefaultAdminPassword() { return allowDefault; }
            public String tokenIssuer() { return "https://dabba.local"; }
            public Duration tokenLifetime() { return Duration.ofMinutes(15); }
            public Duration refreshLifetime() { return Duration.ofDays(30); }
            public Duration revocationTimeout() { return Duration.ofMillis(500); }
            public int verifiedTokens() { return 0; }
            public int bcryptCost() { return 4; }
            public Verification verification() { return () -> Duration.ofMinutes(10); }
        };
    }

    @Test
    void prodRefusesToStartWithTheDefaultPassword() {
        IdentityService identity = new IdentityService();
        identity.config = config(false, IdentityService.DEFAULT_ADMIN_PASSWORD);
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> identity.bootstrapAdmin(null));
        assertTrue(refused.getMessage().contains("DABBA_ADMIN_PASSWORD"));
    }

    @Test
    void prodRefusesToStartWithAShortOrCommonPassword() {
        for (String weak : new String[] { "Sh0rt-pass", "password1234", "Password2024!", "aaaaaaaaaaaaaaa",
                "iloveyou123456" }) {
            IdentityService identity = new IdentityService();
            identity.config = config(false, weak);
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> identity.bootstrapAdmin(null), weak);
            assertTrue(refused.getMessage().contains("DABBA_ADMIN_PASSWORD"), refused.getMessage());
        }
    }

    @Test
    void theAdminRuleAcceptsALongUncommonPasswordAndOthersKeepTheirRule() {
        assertTrue(PasswordRules.problem("tamarind-monsoon-ledger-42", Role.ADMIN).isEmpty());
        assertTrue(PasswordRules.problem("correct-horse", Role.ADMIN).isEmpty());
        assertTrue(PasswordRules.problem("short-pass", Role.ADMIN).isPresent());
        assertTrue(PasswordRules.problem("1qaz2wsx3edc", Role.ADMIN).isPresent());
        assertTrue(PasswordRules.problem("correct-horse", Role.CUSTOMER).isEmpty());
        assertTrue(PasswordRules.problem("short", Role.COURIER).isPresent());
    }
}
