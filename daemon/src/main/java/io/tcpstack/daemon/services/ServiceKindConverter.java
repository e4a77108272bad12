package io.tcpstack.daemon.services;

import io.tcpstack.daemon.services.ServiceSpec.Kind;
import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The SERVICE of a per-service option's {@code SERVICE=VALUE}: a service's name, e.g. {@code echo}. */
final class ServiceKindConverter implements ITypeConverter<Kind> {
    /** Every name, for the error message: "http, echo, ...". */
    private static final String NAMES = Arrays.stream(Kind.values()).map(Kind::label).collect(Collectors.joining(", "));

    @Override
    public Kind convert(String value) {
        return Arrays.stream(Kind.values()).filter(kind -> kind.label().equals(value)).findFirst()
                .orElseThrow(() -> new TypeConversionException("unknown service '" + value + "' (one of " + NAMES + ")"));
    }
}
