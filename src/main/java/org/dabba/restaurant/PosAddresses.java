package org.dabba.restaurant;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Where a POS URL may point when private addresses are not allowed (prod): a restaurant owner chooses the URL and
 * the platform POSTs to it, so without this an owner could make the platform call its own network (a metadata
 * service, an admin port on localhost). Checked at registration and again before every send, since a name can
 * resolve elsewhere later.
 */
final class PosAddresses {

    private PosAddresses() {
    }

    /** Why the URL's host may not be called (empty when every address it resolves to is public). */
    static Optional<String> refusal(URI url) {
        String host = url.getHost();
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            return Optional.of("has a host that does not resolve: " + host);
        }
        for (InetAddress a : addresses) {
            if (isPrivate(a)) {
                return Optional.of("must point to a public address; " + host + " is " + a.getHostAddress());
            }
        }
        return Optional.empty();
    }

    static boolean isPrivate(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            return (b[0] & 0xfe) == 0xfc; // unique local fc00::/7
        }
        // 100.64.0.0/10 (carrier-grade NAT, often a cloud's internal range) and 0.0.0.0/8
        return ((b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64) || b[0] == 0;
    }
}
