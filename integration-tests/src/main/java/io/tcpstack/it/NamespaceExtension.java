package io.tcpstack.it;

import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Gives a test method a fresh {@link NetNs} and its {@link TestArtifacts} as parameters, closes the
 * namespace after the test whatever its outcome (failure, exception, timeout), and on failure prints
 * where the test's logs and captures are.
 */
public final class NamespaceExtension implements ParameterResolver, AfterEachCallback, TestWatcher {

    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(NamespaceExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == NetNs.class || type == TestArtifacts.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(STORE);
        if (parameter.getParameter().getType() == TestArtifacts.class) {
            return artifacts(context);
        }
        return store.getOrComputeIfAbsent(NetNs.class, type -> NetNs.create(), NetNs.class);
    }

    private static TestArtifacts artifacts(ExtensionContext context) {
        String name = context.getRequiredTestMethod().getName();
        String display = context.getDisplayName();
        String testName = display.startsWith(name + "(") ? name : name + "-" + display;
        return context.getStore(STORE).getOrComputeIfAbsent(TestArtifacts.class,
                type -> TestArtifacts.create(context.getRequiredTestClass().getSimpleName(), testName),
                TestArtifacts.class);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        NetNs ns = context.getStore(STORE).remove(NetNs.class, NetNs.class);
        if (ns != null) {
            ns.close();
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        Optional.ofNullable(context.getStore(STORE).get(TestArtifacts.class, TestArtifacts.class))
                .ifPresent(artifacts -> System.err.println(context.getRequiredTestClass().getSimpleName() + " "
                        + context.getDisplayName() + " FAILED; " + artifacts.report()));
    }
}
