package bbh.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bbh.api.systemd.NetworkLink;
import bbh.network.shell.LinkTable;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkTableTest {

    @Test
    void linksAreAlignedAndAnAbsentLinkSaysSo() {
        NetworkLink br = new NetworkLink(3, "br-acme", "bridge", "configured", "routable", "carrier",
                List.of("10.101.0.1/24"), List.of("10.101.0.53"), List.of("acme.internal"), "");
        String table = new LinkTable(List.of(new LinkTable.Row("acme", "br-acme", br), new LinkTable.Row("acme", "vx-acme", null)))
                .toString();
        assertEquals("""
                TENANT  LINK     KIND    SETUP       OPERATIONAL  ADDRESSES      DNS          DOMAINS
                acme    br-acme  bridge  configured  routable     10.101.0.1/24  10.101.0.53  acme.internal
                acme    vx-acme  -       absent      -            -              -            -
                """, table);
    }
}
