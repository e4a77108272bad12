package io.tcpstack.it.netty;

import io.tcpstack.it.RequiresNamespaces;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a subclass of one of Netty's socket tests that runs across the TUN: gated by
 * {@link RequiresNamespaces}, with a {@link TunSocketTestPermutation} started before the class and
 * closed after it, and two minutes per test.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("netns")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
@ExtendWith({RequiresNamespaces.class, TunTestsuite.Lifecycle.class})
@interface TunTestsuite {

    /** Starts the class's {@link TunSocketTestPermutation} and closes it. */
    final class Lifecycle implements BeforeAllCallback, AfterAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            TunSocketTestPermutation.start();
        }

        @Override
        public void afterAll(ExtensionContext context) {
            TunSocketTestPermutation.current().close();
        }
    }
}
