package org.dabba.payment.sandbox;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import org.dabba.payment.PaymentsConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses to start when the payment sandbox would be reachable from other machines: its keys are published
 * (README), so anyone reaching it could have it sign the webhook that marks their order paid. Loopback is safe;
 * anything else needs {@code dabba.payments.sandbox.allow-non-loopback=true} or the real gateway.
 */
@ApplicationScoped
public class SandboxExposureGuard {

    @Inject
    PaymentsConfig config;

    @ConfigProperty(name = "quarkus.http.host")
    String httpHost;

    /** Before the other start-up work (the admin bootstrap and the like): nothing to do if this refuses. */
    void onStart(@Observes @Priority(1) StartupEvent start) {
        check(config.gateway(), httpHost, config.sandbox().allowNonLoopback());
    }

    static void check(PaymentsConfig.Gateway gateway, String httpHost, boolean allowNonLoopback) {
        if (gateway != PaymentsConfig.Gateway.SANDBOX || allowNonLoopback || isLoopback(httpHost)) {
            return;
        }
        throw new IllegalStateException("The payment sandbox (dabba.payments.gateway=sandbox) will not serve on "
                + "quarkus.http.host=" + httpHost + ", which is not a loopback address: its keys are published, so "
                + "anyone reaching it could pay for their own orders. Listen on loopback (QUARKUS_HTTP_HOST=127.0.0.1, "
                + "the default), use a real gateway (DABBA_PAYMENTS_GATEWAY=stripe with its keys), or, on a network "
                + "where everyone is trusted, set DABBA_PAYMENTS_SANDBOX_ALLOW_NON_LOOPBACK=true.");
    }

    /**
     * Whether every address the host names is loopback (127.0.0.0/8, ::1, localhost). The wildcard (0.0.0.0, ::)
     * means every interface, and a name that does not resolve cannot be vouched for: neither is loopback.
     */
    static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        try {
            InetAddress[] addresses = InetAddress.getAllByName(host.strip());
            return addresses.length > 0 && Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress);
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
