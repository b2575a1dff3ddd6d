package org.dabba.platform.limits;

import io.vertx.core.net.SocketAddress;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import org.apache.camel.Exchange;

/**
 * Who a request comes from, for limits per address: the connection's remote address as Quarkus sees it. That is
 * the TCP peer unless {@code quarkus.http.proxy.proxy-address-forwarding} (with {@code allow-x-forwarded} and,
 * better, {@code trusted-proxies}) tells Quarkus to believe a proxy's {@code Forwarded}/{@code X-Forwarded-For};
 * a header sent by the client itself is never read here, so it cannot buy a fresh budget.
 */
public final class ClientAddress {

    /** Where platform-http puts {@code HttpServerRequest.remoteAddress()}; trusted only with this type. */
    static final String REMOTE_ADDRESS = "CamelVertxPlatformHttpRemoteAddress";

    static final String UNKNOWN = "unknown";

    private ClientAddress() {
    }

    public static String of(Exchange exchange) {
        Object remote = exchange.getMessage().getHeader(REMOTE_ADDRESS);
        return remote instanceof SocketAddress address ? of(address) : UNKNOWN;
    }

    public static String of(SocketAddress address) {
        if (address == null) {
            return UNKNOWN;
        }
        String host = address.hostAddress() != null ? address.hostAddress() : address.host();
        return host == null ? UNKNOWN : key(host);
    }

    /**
     * The address as a budget's key. An IPv6 client is its /64: one home or phone gets a whole /64 and could
     * otherwise take a fresh address per request.
     */
    static String key(String host) {
        if (host.indexOf(':') < 0) {
            return host;
        }
        try {
            InetAddress parsed = InetAddress.getByName(host); // a literal: no name lookup
            if (parsed instanceof Inet6Address) {
                byte[] bytes = parsed.getAddress();
                Arrays.fill(bytes, 8, 16, (byte) 0);
                return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
            }
            return parsed.getHostAddress();
        } catch (UnknownHostException | SecurityException e) {
            return host;
        }
    }
}
