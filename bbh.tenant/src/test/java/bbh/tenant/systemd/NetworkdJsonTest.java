package bbh.tenant.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bbh.api.systemd.NetworkLink;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** networkd's DescribeLink JSON (as systemd 252 wrote it in the test host) read into a NetworkLink. */
class NetworkdJsonTest {

    @Test
    void statesAddressesAndDnsAreRead() throws Exception {
        String json = """
                {"Index":2,"Name":"br-t1","Kind":"bridge","AdministrativeState":"configured","OperationalState":"no-carrier",
                 "CarrierState":"no-carrier","NetworkFile":"/run/systemd/network/50-br-t1.network",
                 "DNS":[{"Family":2,"Address":[10,1,0,53],"ConfigSource":"static"},
                        {"Family":10,"Address":[253,0,1,2,0,0,0,0,0,0,0,0,0,0,0,83],"ConfigSource":"static"}],
                 "SearchDomains":[{"Domain":"t1.internal","ConfigSource":"static"}],
                 "Addresses":[{"Family":2,"Address":[10,1,0,1],"PrefixLength":24},
                              {"Family":10,"Address":[254,128,0,0,0,0,0,0,72,27,43,255,254,120,90,85],"PrefixLength":64}]}
                """;
        NetworkLink l = NetworkdConnection.link(new ObjectMapper().readTree(json));
        assertEquals(new NetworkLink(2, "br-t1", "bridge", "configured", "no-carrier", "no-carrier",
                List.of("10.1.0.1/24", "fe80::481b:2bff:fe78:5a55/64"), List.of("10.1.0.53", "fd00:102::53"),
                List.of("t1.internal"), "/run/systemd/network/50-br-t1.network"), l);
    }
}
