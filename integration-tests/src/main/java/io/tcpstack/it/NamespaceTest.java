package io.tcpstack.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that runs in network namespaces: gated by {@link RequiresNamespaces}, given
 * {@link NetNs} and {@link TestArtifacts} parameters by {@link NamespaceExtension}, and bounded to
 * two minutes per test so a hang fails instead of stalling the build.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("netns")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
@ExtendWith({RequiresNamespaces.class, NamespaceExtension.class})
public @interface NamespaceTest {
}
