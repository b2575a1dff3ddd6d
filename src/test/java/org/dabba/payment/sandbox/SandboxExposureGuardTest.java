package org.dabba.payment.sandbox;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dabba.payment.PaymentsConfig.Gateway;
import org.dabba.payment.PaymentsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** When the sandbox, whose keys are published, may serve: on loopback, or where the operator says so. */
class SandboxExposureGuardTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "localhost", "::1", "[::1]", "127.0.1.1"})
    void loopbackIsSafe(String host) {
        assertTrue(SandboxExposureGuard.isLoopback(host));
        assertDoesNotThrow(() -> SandboxExposureGuard.check(Gateway.SANDBOX, host, false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "192.168.1.20", "10.0.0.5", "no-such-host.invalid", " "})
    void everyOtherAddressIsRefusedWithTheWaysOut(String host) {
        assertFalse(SandboxExposureGuard.isLoopback(host));
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> SandboxExposureGuard.check(Gateway.SANDBOX, host, false));
        assertTrue(refused.getMessage().contains("quarkus.http.host=" + host), refused.getMessage());
        assertTrue(refused.getMessage().contains("QUARKUS_HTTP_HOST=127.0.0.1"), refused.getMessage());
        assertTrue(refused.getMessage().contains("DABBA_PAYMENTS_SANDBOX_ALLOW_NON_LOOPBACK=true"), refused.getMessage());
    }

    @Test
    void theOperatorMayAllowItOnATrustedNetwork() {
        assertDoesNotThrow(() -> SandboxExposureGuard.check(Gateway.SANDBOX, "0.0.0.0", true));
    }

    @Test
    void theRealGatewayServesNoSandboxSoAnyAddressIsFine() {
        assertDoesNotThrow(() -> SandboxExposureGuard.check(Gateway.STRIPE, "0.0.0.0", false));
    }
}
