package org.dabba.restaurant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a POS URL may point to in prod: public addresses only (literals here, so no DNS is needed). */
class PosAddressesTest {

    static Optional<String> refusal(String url) {
        return PosAddresses.refusal(URI.create(url));
    }

    @Test
    void loopbackPrivateLinkLocalAndUniqueLocalAddressesAreRefused() {
        for (String url : new String[] { "https://127.0.0.1/pos", "https://localhost:8443/pos", "https://10.1.2.3/x",
                "https://172.16.0.1/x", "https://192.168.1.10/x", "http://169.254.169.254/latest/meta-data",
                "https://0.0.0.0/x", "https://100.64.0.1/x", "https://[::1]/x", "https://[fd00::1]/x",
                "https://[fe80::1]/x", "https://224.0.0.1/x" }) {
            Optional<String> why = refusal(url);
            assertTrue(why.isPresent(), url + " should be refused");
            assertTrue(why.get().startsWith("must point to a public address"), why.get());
        }
    }

    @Test
    void publicAddressesAreAllowed() {
        assertEquals(Optional.empty(), refusal("https://93.184.215.14/pos"));
        assertEquals(Optional.empty(), refusal("https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/pos"));
        assertEquals(Optional.empty(), refusal("https://100.128.0.1/pos"), "just past the CGNAT range");
    }

    @Test
    void aHostThatDoesNotResolveIsRefused() {
        assertTrue(refusal("https://no-such-host.invalid/pos").orElseThrow().contains("does not resolve"));
    }
}
