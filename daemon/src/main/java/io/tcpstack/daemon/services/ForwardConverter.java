package io.tcpstack.daemon.services;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code PORT=HOST:HPORT}: a forward from PORT to HOST:HPORT; HOST is resolved once, here. */
final class ForwardConverter implements ITypeConverter<ServiceSpec> {
    @Override
    public ServiceSpec convert(String value) {
        int equals = value.indexOf('=');
        int colon = value.lastIndexOf(':');
        if (equals < 0 || colon < equals + 2 || colon == value.length() - 1) {
            throw new TypeConversionException("'" + value + "' is not PORT=HOST:HPORT");
        }
        int port = PortConverter.parse(value.substring(0, equals));
        String host = value.substring(equals + 1, colon);
        int targetPort = PortConverter.parse(value.substring(colon + 1));
        try {
            return ServiceSpec.forward(port, new InetSocketAddress(InetAddress.getByName(host), targetPort));
        } catch (UnknownHostException e) {
            throw new TypeConversionException("unknown host '" + host + "'");
        }
    }
}
