package bbh.vmspawn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class VersionGateTest {

    @Test
    void releaseIsTheLeadingNumberOfWhatDistributionsReport() {
        assertEquals(OptionalInt.of(252), SystemdVersion.release("252.39-1~deb12u1"));
        assertEquals(OptionalInt.of(258), SystemdVersion.release("258~rc3"));
        assertEquals(OptionalInt.of(257), SystemdVersion.release("257.7-1.fc42"));
        assertEquals(OptionalInt.of(256), SystemdVersion.release("v256"));
        assertEquals(OptionalInt.of(262), SystemdVersion.release("262.1-1"));
        assertEquals(OptionalInt.empty(), SystemdVersion.release("unknown"));
        assertEquals(OptionalInt.empty(), SystemdVersion.release(""));
        assertEquals(OptionalInt.empty(), SystemdVersion.release(null));
    }

    @Test
    void bookwormIsTooOld() throws Exception {
        assertEquals(Optional.of("systemd-vmspawn needs systemd 258 or later; this host runs 252"),
                VersionGate.reason(Specs.example("globex"), "252.39-1~deb12u1"));
        assertEquals(Optional.of("systemd-vmspawn needs systemd 258 or later; this host runs 257"),
                VersionGate.reason(Specs.minimal(), "257.7-1"));
    }

    @Test
    void fromTwoFiftyEightOnVmsRun() throws Exception {
        for (String v : List.of("258", "258.1-1", "259~rc1", "262.1-1")) {
            assertEquals(Optional.empty(), VersionGate.reason(Specs.example("globex"), v), v);
        }
    }

    @Test
    void aQcow2DriveNeedsTwoHundredSixty() {
        assertEquals(Optional.of("tenants/umbrella-research-lab/metadata.json: machine.drives[0]: drive 'scratch.qcow2' is qcow2,"
                + " which systemd-vmspawn takes from systemd 260 on; this host runs 259"), VersionGate.reason(Specs.full(), "259.3-1"));
        assertEquals(Optional.empty(), VersionGate.reason(Specs.full(), "260.1-1"));
    }

    @Test
    void anUnreadableVersionIsAReasonToo() {
        assertEquals(Optional.of("systemd-vmspawn needs systemd 258 or later; this host's systemd reports version 'devel',"
                + " which bbh cannot read"), VersionGate.reason(Specs.minimal(), "devel"));
    }
}
