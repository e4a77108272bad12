package io.tcpstack.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class LinkMessagesTest {
    @Test
    void segmentationOffloadWithoutChecksumOffloadIsRefused() {
        assertThatThrownBy(() -> new LinkOffloads(false, true)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new LinkOffloads(true, false)).hasToString("csum");
        assertThat(LinkOffloads.TSO).hasToString("tso+csum");
        assertThat(LinkOffloads.NONE).hasToString("none");
    }

    @Test
    void anOffloadedPacketCarriesWhatTheLinkNeedsAndOwnsItsBuffer() {
        ByteBuf buffer = Unpooled.buffer(100).writeZero(100);
        OffloadedPacket packet = new OffloadedPacket(buffer, 52, 20, 16, 1448);

        assertThat(packet.content()).isSameAs(buffer);
        assertThat(packet.headerLength()).isEqualTo(52);
        assertThat(packet.checksumStart()).isEqualTo(20);
        assertThat(packet.checksumOffset()).isEqualTo(16);
        assertThat(packet.segmentSize()).isEqualTo(1448);
        assertThat(packet.release()).isTrue();
        assertThat(buffer.refCnt()).isZero();
    }

    @Test
    void aValidatedPacketOwnsItsBuffer() {
        ByteBuf buffer = Unpooled.buffer(20).writeZero(20);
        ValidatedPacket packet = new ValidatedPacket(buffer);

        assertThat(packet.content()).isSameAs(buffer);
        assertThat(packet.release()).isTrue();
        assertThat(buffer.refCnt()).isZero();
    }
}
