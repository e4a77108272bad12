package io.tcpstack.daemon.services;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code HOST:PORT}, e.g. {@code 127.0.0.1:9464}; HOST is an address or a name, resolved once, here. */
public final class HostPortConverter implements ITypeConverter<InetSocketAddress> {
    @Override
    public InetSocketAddress convert(String value) {
        return parse(value, value, "HOST:PORT");
    }

    /**
     * @param hostPort the {@code HOST:PORT} part of {@code value}
     * @param form     what {@code value} should look like, for the error
     */
    static InetSocketAddress parse(String hostPort, String value, String form) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 1 || colon == hostPort.length() - 1) {
            throw new TypeConversionException("'" + value + "' is not " + form);
        }
        String host = hostPort.substring(0, colon);
        int port = PortConverter.parse(hostPort.substring(colon + 1));
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new TypeConversionException("unknown host '" + host + "'");
        }
    }
}
