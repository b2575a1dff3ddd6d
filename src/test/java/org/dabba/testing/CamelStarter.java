package org.dabba.testing;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.camel.quarkus.core.CamelRuntime;

/**
 * Tests start Quarkus without running {@code DabbaMain}, and Camel Quarkus leaves starting Camel to a
 * custom main when there is one; this does in tests what {@code DabbaMain} does in a real run, before the
 * first test is let in.
 */
@ApplicationScoped
public class CamelStarter {

    void start(@Observes StartupEvent startup, CamelRuntime camel) throws InterruptedException {
        camel.start(new String[0]);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!camel.getCamelContext().isStarted() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
