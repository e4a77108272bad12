package io.tcpstack.it.containers;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Gate for the container tests. Without a Docker engine the test class fails when the environment
 * variable {@code CI} is {@code true} (CI must really run them; {@code docker/ci-setup.sh} starts
 * the engine), and is otherwise skipped with a message saying why.
 */
final class RequiresDocker implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        if (DockerClientFactory.instance().isDockerAvailable()) {
            return;
        }
        String reason = "no Docker engine answers (start dockerd, or run docker/ci-setup.sh as root)";
        String tests = context.getRequiredTestClass().getSimpleName();
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(tests + " needs Docker and CI=true, but " + reason);
        }
        System.err.println("SKIPPED " + tests + ": " + reason + " (CI=true makes this a failure)");
        Assumptions.abort(reason);
    }
}
