package io.tcpstack.daemon.services;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code PORT=HOST:HPORT}: a forward from PORT to HOST:HPORT; HOST is resolved once, here. */
final class ForwardConverter implements ITypeConverter<ServiceSpec> {
    @Override
    public ServiceSpec convert(String value) {
        int equals = value.indexOf('=');
        if (equals < 0) {
            throw new TypeConversionException("'" + value + "' is not PORT=HOST:HPORT");
        }
        int port = PortConverter.parse(value.substring(0, equals));
        return ServiceSpec.forward(port, HostPortConverter.parse(value.substring(equals + 1), value, "PORT=HOST:HPORT"));
    }
}
