package org.dabba.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

/** An in-JVM WireMock on 127.0.0.1 and a free port, stopped when the JVM exits. */
public final class LoopbackWireMock {

    private LoopbackWireMock() {
    }

    public static WireMockServer start() {
        WireMockServer server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
                .dynamicPort());
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        return server;
    }
}
