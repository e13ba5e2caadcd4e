package bbh.tenant.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bbh.api.tenant.TenantSpec;
import bbh.tenant.unit.UnitFile;
import bbh.tenant.unit.UnitValues;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a real, booted systemd 252 makes of bbh's files (one test host for all checks, ~2 s): a
 * command line runs with exactly the vector given to the escaper; every example tenant's units load
 * with the limits of its metadata (IO bandwidths included), {@code %I} the unescaped id; tenant@ pulls in the others in order,
 * the network unit is skipped for a tenant without a network, and the vm placeholder fails the
 * start, saying why. The tenant files go to /run/systemd/system, standing in for the generator's
 * folder of the same (runtime) level, which systemd empties on every reload.
 */
class UnitsInBootedSystemdTest {

    @Test
    void systemdRunsRendersAndLoadsWhatBbhWrote() throws Exception {
        try (BootedHost host = BootedHost.start("bbh-units")) {
            TreeFolder.place(Templates.all(), host.root.resolve("usr/lib/systemd/system"));
            Path runtime = host.run.resolve("systemd/system");
            TreeFolder.place(HostUnits.render(ExampleSpecs.COMMIT), runtime);
            for (TenantSpec s : ExampleSpecs.examples()) {
                TreeFolder.place(TenantUnits.render(s, ExampleSpecs.COMMIT), runtime);
            }
            List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", "for a; do printf '%s\\0' \"$a\"; done > /run/argv.out", "sh"));
            argv.addAll(bbh.tenant.unit.TrickyArguments.ALL);
            UnitFile probe = UnitFile.builder("argv.service").section("Service")
                    .set("Type", UnitValues.word("oneshot"))
                    .set("ExecStart", UnitValues.command(argv)).build();
            Files.writeString(host.root.resolve("etc/systemd/system/argv.service"), probe.text());
            assertEquals(0, host.exec("systemctl", "daemon-reload").exitCode());

            assertEquals(0, host.exec("systemctl", "start", "argv.service").exitCode());
            String out = Files.readString(host.run.resolve("argv.out"), StandardCharsets.UTF_8);
            assertEquals(argv.subList(4, argv.size()), Arrays.asList(out.substring(0, out.length() - 1).split("\0", -1)),
                    "systemd ran exactly the arguments given");

            for (TenantSpec s : ExampleSpecs.examples()) {
                for (String unit : SystemdAnalyze.unitsOf(s)) {
                    assertEquals("loaded", host.property(unit, "LoadState"), unit);
                }
            }
            assertEquals("2147483648", host.property("tenant-acme.slice", "MemoryMax"));
            assertEquals("1610612736", host.property("tenant-acme.slice", "MemoryHigh"));
            assertEquals("2s", host.property("tenant-acme.slice", "CPUQuotaPerSecUSec"));
            assertEquals("512", host.property("tenant-acme.slice", "TasksMax"));
            assertEquals("200", host.property("tenant-acme.slice", "CPUWeight"));
            assertEquals("200", host.property("tenant-acme.slice", "IOWeight"));
            assertEquals("tenant.slice", host.property("tenant-acme.slice", "Slice"));
            // The test host has no block device in its /dev: systemd keeps the limit as configured
            // all the same (it resolves the device when it applies limits), and reads "M" as 10^6.
            assertEquals("/dev/nvme0n1 200000000", host.property("tenant-acme.slice", "IOReadBandwidthMax"));
            assertEquals("/dev/nvme0n1 100000000", host.property("tenant-acme.slice", "IOWriteBandwidthMax"));
            assertEquals("", host.property("tenant-initech.slice", "IOReadBandwidthMax"));
            assertEquals("infinity", host.property("tenant-initech.slice", "MemoryMax"));
            String lab = "umbrella\\x2dresearch\\x2dlab";
            assertEquals("tenant-" + lab + ".slice", host.property("tenant-vm@" + lab + ".service", "Slice"));
            assertEquals("8589934592", host.property("tenant-" + lab + ".slice", "MemoryMax"));
            assertTrue(host.property("tenant-infra@" + lab + ".service", "Environment")
                    .contains("BBH_TENANT=umbrella-research-lab BBH_STORAGE_QUOTA=200G BBH_STORAGE_BYTES=214748364800"));
            assertEquals("tenant@acme.service", host.property("tenant@globex.service", "Requires").lines()
                    .flatMap(l -> Arrays.stream(l.split(" "))).filter(u -> u.startsWith("tenant@")).findFirst().orElse(""));
            assertEquals("enabled-runtime", host.property("tenant@acme.service", "UnitFileState"));

            assertNotEquals(0, host.exec("systemctl", "start", "tenant@initech.service").exitCode(), "no backend yet: it must not pretend");
            assertEquals("failed", host.property("tenant-vm@initech.service", "ActiveState"));
            assertEquals("inactive", host.property("tenant@initech.service", "ActiveState"));
            assertEquals("active", host.property("tenant-infra@initech.service", "ActiveState"));
            assertEquals("exec-condition", host.property("tenant-network@initech.service", "Result"), "no network: skipped");
            assertTrue(Files.isDirectory(host.root.resolve("var/lib/tenants/initech")));
            String journal = host.exec("journalctl", "--no-pager", "-o", "cat", "-u", "tenant-vm@initech.service").stdout();
            assertTrue(journal.contains("bbh: no machine backend has set up tenant-vm@ for tenant initech yet"), journal);
        }
    }
}
