package io.tcpstack.it;

import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gate for tests that need network namespaces. Where they are unavailable, the test fails when the
 * environment variable {@code CI} is {@code true} (CI must really run them), and is otherwise skipped
 * with a loud message on standard error.
 */
public final class RequiresNamespaces implements BeforeEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) {
        Optional<String> reason = NamespaceSupport.unavailableReason();
        if (reason.isEmpty()) {
            return;
        }
        String test = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(test + " needs network namespaces and CI=true, but: " + reason.get());
        }
        System.err.println("""

                ********************************************************************************
                SKIPPED %s: %s
                Integration tests need root; run them with sudo (CI=true makes this a failure).
                ********************************************************************************
                """.formatted(test, reason.get()));
        Assumptions.abort(reason.get());
    }
}
