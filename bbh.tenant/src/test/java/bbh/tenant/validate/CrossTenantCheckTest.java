package bbh.tenant.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bbh.api.tenant.TenantSpec;
import bbh.api.tenant.ValidationProblem;
import bbh.tenant.source.TenantFolder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The sweep over sorted subnets and the grouping of VLANs, compared with the obvious pairwise check
 * on many random tenants with many conflicts.
 */
class CrossTenantCheckTest {

    private static final TenantValidation VALIDATION = new TenantValidation();

    private record Declared(String id, String subnet, int vlan) {}

    @Test
    void findsExactlyTheTenantsInConflictAndNamesARealCulprit() {
        Random random = new Random(42);
        List<Declared> changed = new ArrayList<>();
        List<Declared> inForce = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            Declared d = new Declared("t" + i, randomSubnet(random), 1 + random.nextInt(4094));
            (i % 4 == 0 ? inForce : changed).add(d);
        }
        List<TenantFolder> folders = new ArrayList<>();
        for (Declared d : changed) {
            folders.add(MemoryTenantFolder.of(d.id(), String.format(
                    "{\"schemaVersion\":1,\"id\":\"%s\",\"network\":{\"subnet\":\"%s\",\"vlan\":%d}}", d.id(), d.subnet(), d.vlan())));
        }
        List<TenantSpec> specs = new ArrayList<>();
        for (Declared d : inForce) {
            specs.add(new TenantSpec(1, d.id(), null, true, "nspawn", null, null,
                    new TenantSpec.Network(d.subnet(), d.vlan(), null), null, null, "tenants/" + d.id() + "/metadata.json"));
        }

        List<TenantCheck> checks = VALIDATION.validate(folders, specs);

        Map<String, Declared> all = new HashMap<>();
        changed.forEach(d -> all.put(d.id(), d));
        inForce.forEach(d -> all.put(d.id(), d));
        assertEquals(changed.size(), checks.size());
        int conflicted = 0;
        int subnetProblems = 0;
        for (TenantCheck c : checks) {
            Declared me = all.get(c.tenantId());
            boolean expectConflict = all.values().stream().anyMatch(o -> o != me && conflict(me, o));
            assertEquals(expectConflict, !c.valid(), () -> c.tenantId() + " " + c.problems());
            for (ValidationProblem p : c.problems()) {
                if (p.expected().endsWith(" more tenants")) {
                    continue; // the count after the first CrossTenantCheck.MAX_NAMED
                }
                String other = p.expected().replaceAll(".*tenant (t\\d+)\\b.*", "$1");
                Declared o = all.get(other);
                assertTrue(o != null && o != me, p.toString());
                if (p.field().equals("network.subnet")) {
                    subnetProblems++;
                    assertTrue(Subnet.parse(me.subnet()).overlaps(Subnet.parse(o.subnet())), p.toString());
                } else {
                    assertEquals("network.vlan", p.field());
                    assertEquals(me.vlan(), o.vlan(), p.toString());
                }
            }
            conflicted += c.valid() ? 0 : 1;
        }
        assertTrue(conflicted > 50 && conflicted < changed.size() - 50, "the data must hold both kinds: " + conflicted);
        assertTrue(subnetProblems > 20, "the data must hold overlaps: " + subnetProblems);
    }

    @Test
    void aFewChangedTenantsGetTheSameProblemsAsInAFullCheck() {
        int compared = 0;
        for (int seed = 0; seed < 20; seed++) {
            Random random = new Random(seed);
            List<TenantSpec> inForce = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                inForce.add(new TenantSpec(1, "f" + i, null, true, "nspawn", null, null,
                        new TenantSpec.Network(randomSubnet(random), 1 + random.nextInt(4094), null), null, null,
                        "tenants/f" + i + "/metadata.json"));
            }
            List<TenantFolder> few = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(3); i++) {
                few.add(MemoryTenantFolder.of("c" + i, String.format(
                        "{\"schemaVersion\":1,\"id\":\"c%d\",\"network\":{\"subnet\":\"%s\",\"vlan\":%d}}", i,
                        randomSubnet(random), 1 + random.nextInt(4094))));
            }
            // Enough changed tenants without a network to take the full path; they conflict with nothing.
            List<TenantFolder> many = new ArrayList<>(few);
            for (int i = 0; i < CrossTenantCheck.FEW_CHANGED; i++) {
                many.add(MemoryTenantFolder.of("quiet" + i, "{\"schemaVersion\":1,\"id\":\"quiet" + i + "\"}"));
            }
            Map<String, List<ValidationProblem>> narrowed = new HashMap<>();
            VALIDATION.validate(few, inForce).forEach(c -> narrowed.put(c.tenantId(), c.problems()));
            for (TenantCheck c : VALIDATION.validate(many, inForce)) {
                if (narrowed.containsKey(c.tenantId())) {
                    assertEquals(c.problems(), narrowed.get(c.tenantId()), "seed " + seed + " tenant " + c.tenantId());
                    compared += c.problems().size();
                }
            }
        }
        assertTrue(compared > 10, "the data must hold conflicts to compare: " + compared);
    }

    private static boolean conflict(Declared a, Declared b) {
        return a.vlan() == b.vlan() || Subnet.parse(a.subnet()).overlaps(Subnet.parse(b.subnet()));
    }

    /** A random aligned block inside 10.0.0.0/12, /20 to /28, so that some nest and most do not. */
    private static String randomSubnet(Random random) {
        int prefix = 20 + random.nextInt(9);
        int address = (10 << 24) | random.nextInt(1 << 20);
        int mask = -1 << (32 - prefix);
        int network = address & mask;
        return (network >>> 24) + "." + (network >>> 16 & 255) + "." + (network >>> 8 & 255) + "." + (network & 255) + "/" + prefix;
    }
}
