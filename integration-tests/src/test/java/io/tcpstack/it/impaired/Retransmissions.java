package io.tcpstack.it.impaired;

import io.tcpstack.it.CommandResult;
import io.tcpstack.it.NetNs;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Segments retransmitted during one transfer by each end (whichever end sends the bulk data is
 * the one that matters; the other retransmits little but its requests and FIN).
 *
 * @param client by the client's kernel
 * @param server by the server: the stack's {@code RetransSegs}, or the kernel server's
 */
record Retransmissions(long client, long server) {

    private static final Pattern COUNTER = Pattern.compile("^TcpRetransSegs\\s+(\\d+)", Pattern.MULTILINE);

    /**
     * @return {@code TcpRetransSegs} of the kernel in {@code ns} since the namespace was created
     *         ({@code nstat -asz}: absolute values, zeros shown, nstat's history file left alone)
     */
    static long kernel(NetNs ns) {
        CommandResult nstat = ns.exec("nstat", "-asz", "TcpRetransSegs").requireSuccess();
        Matcher counter = COUNTER.matcher(nstat.stdout());
        if (!counter.find()) {
            throw new AssertionError("nstat printed no TcpRetransSegs: " + nstat.describe());
        }
        return Long.parseLong(counter.group(1));
    }
}
