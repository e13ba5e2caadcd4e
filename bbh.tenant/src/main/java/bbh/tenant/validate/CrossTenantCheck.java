package bbh.tenant.validate;

import bbh.api.tenant.TenantNames;
import bbh.api.tenant.TenantSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The rules between tenants: no two share a subnet (any overlap, {@code subnet} and
 * {@code subnet6} alike), a VLAN id on one uplink (an absent uplink, the operator's default, counts
 * as any uplink, since which one it is is known only to the operator's configuration), a VXLAN VNI
 * or a derived bridge name, and every dependsOn entry names a tenant that exists. Checked among the
 * changed tenants that passed their own checks and against the tenants in force; a problem names
 * both tenants and is recorded on each changed one involved, never on a tenant in force.
 *
 * <p>Cost is O(n log n) in the number of tenants: subnets are sorted by first address and swept
 * once, VLANs and bridge names are grouped.
 *
 * <p>Dependencies only need to exist: a dependency refused in this commit keeps its last valid spec
 * in force, so its dependents are not refused with it.
 */
final class CrossTenantCheck {

    /** How many conflicting tenants one tenant's problems name before they only count the rest. */
    static final int MAX_NAMED = 5;

    private static final FieldPath ID = FieldPath.ROOT.key("id");
    private static final FieldPath SUBNET = FieldPath.ROOT.key("network").key("subnet");
    private static final FieldPath SUBNET6 = FieldPath.ROOT.key("network").key("subnet6");
    private static final FieldPath VLAN = FieldPath.ROOT.key("network").key("vlan");
    private static final FieldPath VNI = FieldPath.ROOT.key("network").key("vxlan").key("vni");
    private static final FieldPath DEPENDS_ON = FieldPath.ROOT.key("dependsOn");

    /** A tenant taking part: changed (with a file to report on) or in force (never reported on). */
    private record Member(TenantSpec spec, FolderResult changed) {
        String id() {
            return spec.id();
        }

        String path() {
            return changed != null ? changed.path() : spec.sourcePath();
        }

        /** How other tenants' problems name this one. */
        String named() {
            return "tenant " + id() + " (" + path() + ")";
        }
    }

    private CrossTenantCheck() {}

    /**
     * Adds cross-tenant problems to {@code changed}.
     *
     * @param changed every changed folder, valid or not
     * @param inForce the tenants in force other than the changed ones
     */
    static void check(List<FolderResult> changed, Collection<TenantSpec> inForce) {
        List<Member> members = new ArrayList<>();
        for (FolderResult r : changed) {
            if (r.valid()) {
                members.add(new Member(r.spec(), r));
            }
        }
        Collection<TenantSpec> involved = members.size() <= FEW_CHANGED ? sharingSomething(members, inForce) : inForce;
        for (TenantSpec s : involved) {
            members.add(new Member(s, null));
        }
        members.sort(Comparator.comparing(Member::id));
        subnets(members);
        vlans(members);
        vnis(members);
        bridgeNames(members);
        dependencies(changed, inForce);
    }

    /**
     * Up to this many changed tenants, the tenants in force are first narrowed to those sharing a
     * subnet, VLAN or bridge name with one of them (O(changed x in force)), so a one-tenant commit
     * costs little in a host of 10,000; above it, the sweeps below take everyone (O(n log n)).
     */
    static final int FEW_CHANGED = 16;

    /**
     * The tenants in force that can take part in a problem of a changed one. Dropping the others
     * changes no problem of a changed tenant: a subnet that overlaps no changed subnet can neither
     * enclose one nor be enclosed by one, nor sit between a changed subnet and its innermost
     * enclosing block (that would make it overlap the changed one); VLAN and bridge-name groups that
     * hold a changed tenant are kept whole.
     */
    private static List<TenantSpec> sharingSomething(List<Member> changed, Collection<TenantSpec> inForce) {
        List<Subnet> subnets = new ArrayList<>();
        java.util.Set<Integer> vlans = new java.util.HashSet<>();
        java.util.Set<Integer> vnis = new java.util.HashSet<>();
        java.util.Set<String> bridges = new java.util.HashSet<>();
        for (Member m : changed) {
            bridges.add(TenantNames.bridgeName(m.id()));
            TenantSpec.Network n = m.spec().network();
            if (n != null) {
                subnets.add(Subnet.parse(n.subnet()));
                if (n.subnet6() != null) {
                    subnets.add(Subnet.parse(n.subnet6()));
                }
                if (n.vlan() != null) {
                    vlans.add(n.vlan());
                }
                if (n.vxlan() != null) {
                    vnis.add(n.vxlan().vni());
                }
            }
        }
        List<TenantSpec> involved = new ArrayList<>();
        for (TenantSpec s : inForce) {
            if (bridges.contains(TenantNames.bridgeName(s.id())) || sharesNetwork(s, subnets, vlans)
                    || (s.network() != null && s.network().vxlan() != null && vnis.contains(s.network().vxlan().vni()))) {
                involved.add(s);
            }
        }
        return involved;
    }

    private static boolean sharesNetwork(TenantSpec s, List<Subnet> subnets, java.util.Set<Integer> vlans) {
        if (s.network() == null) {
            return false;
        }
        if (s.network().vlan() != null && vlans.contains(s.network().vlan())) {
            return true;
        }
        if (subnets.isEmpty()) {
            return false;
        }
        try {
            for (Subnet mine : subnetsOf(s.network())) {
                for (Subnet c : subnets) {
                    if (c.overlaps(mine)) {
                        return true;
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            // A tenant in force that a newer bbh would refuse: the full check skips it too.
        }
        return false;
    }

    private record Range(Member member, Subnet subnet, FieldPath field) {}

    /** A network's subnets: {@code subnet}, then {@code subnet6} when given. */
    private static List<Subnet> subnetsOf(TenantSpec.Network n) {
        return n.subnet6() == null ? List.of(Subnet.parse(n.subnet()))
                : List.of(Subnet.parse(n.subnet()), Subnet.parse(n.subnet6()));
    }

    /**
     * CIDR blocks either nest or are disjoint. Sorted by first address (larger block first), a sweep
     * keeps the stack of blocks enclosing the current one; each block that lies inside another is
     * paired with the innermost enclosing one, so every tenant in an overlap gets a problem. A block
     * enclosing many others names the first {@value #MAX_NAMED} and counts the rest.
     */
    private static void subnets(List<Member> members) {
        List<Range> ranges = new ArrayList<>();
        for (Member m : members) {
            if (m.spec().network() != null) {
                try {
                    ranges.add(new Range(m, Subnet.parse(m.spec().network().subnet()), SUBNET));
                    if (m.spec().network().subnet6() != null) {
                        ranges.add(new Range(m, Subnet.parse(m.spec().network().subnet6()), SUBNET6));
                    }
                } catch (IllegalArgumentException e) {
                    // A tenant in force that a newer bbh would refuse; it is not being validated here.
                }
            }
        }
        ranges.sort(Comparator.<Range>comparingInt(r -> r.subnet().bits())
                .thenComparing(r -> r.subnet().first())
                .thenComparing(r -> r.subnet().last(), Comparator.reverseOrder())
                .thenComparing(r -> r.member().id()));
        // By identity: a Range's record equality would compare whole specs and parse trees.
        Map<Range, List<Range>> overlapping = new IdentityHashMap<>();
        Deque<Range> enclosing = new ArrayDeque<>();
        for (Range r : ranges) {
            while (!enclosing.isEmpty() && !enclosing.peek().subnet().overlaps(r.subnet())) {
                enclosing.pop();
            }
            if (!enclosing.isEmpty()) {
                Range outer = enclosing.peek();
                overlapping.computeIfAbsent(r, k -> new ArrayList<>()).add(outer);
                overlapping.computeIfAbsent(outer, k -> new ArrayList<>()).add(r);
            }
            enclosing.push(r);
        }
        overlapping.forEach((on, others) -> {
            for (int i = 0; i < Math.min(others.size(), MAX_NAMED); i++) {
                Range other = others.get(i);
                report(on.member(), on.field(), on.subnet().text() + " overlaps tenant " + other.member().id() + "'s "
                        + other.subnet().text() + " (" + other.member().path() + ")");
            }
            if (others.size() > MAX_NAMED) {
                report(on.member(), on.field(), on.subnet().text() + " overlaps the subnets of " + (others.size() - MAX_NAMED)
                        + " more tenants");
            }
        });
    }

    /**
     * VLAN ids are unique per uplink. A tenant that names no uplink gets the operator's default one,
     * which only bbh.network's configuration knows: it conflicts with a tenant of the same VLAN on any
     * uplink, so no pair of tenants sharing a tagged segment can pass.
     */
    private static void vlans(List<Member> members) {
        Map<Integer, List<Member>> byVlan = new TreeMap<>();
        for (Member m : members) {
            if (m.spec().network() != null && m.spec().network().vlan() != null) {
                byVlan.computeIfAbsent(m.spec().network().vlan(), v -> new ArrayList<>()).add(m);
            }
        }
        byVlan.forEach((vlan, group) -> {
            for (Member m : group) {
                for (Member other : group) {
                    String mine = m.spec().network().uplink();
                    String theirs = other.spec().network().uplink();
                    if (other != m && (mine == null || theirs == null || mine.equals(theirs))) {
                        report(m, VLAN, "VLAN " + vlan + " on " + uplink(mine) + " is also the VLAN of " + other.named()
                                + " on " + uplink(theirs) + "; a VLAN id unique per uplink was expected");
                        break;
                    }
                }
            }
        });
    }

    private static String uplink(String name) {
        return name == null ? "the default uplink" : "uplink " + name;
    }

    private static void vnis(List<Member> members) {
        Map<Integer, List<Member>> byVni = new TreeMap<>();
        for (Member m : members) {
            if (m.spec().network() != null && m.spec().network().vxlan() != null) {
                byVni.computeIfAbsent(m.spec().network().vxlan().vni(), v -> new ArrayList<>()).add(m);
            }
        }
        byVni.forEach((vni, group) -> eachWithAnother(group,
                (m, other) -> report(m, VNI, "VXLAN VNI " + vni + " is also the VNI of " + other.named())));
    }

    private static void bridgeNames(List<Member> members) {
        Map<String, List<Member>> byBridge = new TreeMap<>();
        for (Member m : members) {
            byBridge.computeIfAbsent(TenantNames.bridgeName(m.id()), b -> new ArrayList<>()).add(m);
        }
        byBridge.forEach((bridge, group) -> eachWithAnother(group,
                (m, other) -> report(m, ID, "the bridge name " + bridge + " derived from this id is also derived from "
                        + other.named() + "; a different id was expected")));
    }

    /** For a group sharing something, each member with the first other member (groups are sorted by id). */
    private static void eachWithAnother(List<Member> group, java.util.function.BiConsumer<Member, Member> conflict) {
        if (group.size() < 2) {
            return;
        }
        for (Member m : group) {
            conflict.accept(m, group.get(0) == m ? group.get(1) : group.get(0));
        }
    }

    /** Records a problem on {@code m} when it is a changed tenant; tenants in force are not reported on. */
    private static void report(Member m, FieldPath field, String expected) {
        if (m.changed() != null) {
            FolderResult r = m.changed();
            r.problems().at(field, r.tree().valueAt(field), expected);
        }
    }

    /**
     * Every dependsOn entry must name a tenant that exists: a folder of this commit, valid or not, or
     * a tenant in force. A dependency whose metadata is broken in this commit is reported on itself
     * and keeps its last valid spec in force, so its dependents carry on rather than fail with it.
     */
    private static void dependencies(List<FolderResult> changed, Collection<TenantSpec> inForce) {
        Set<String> existing = new HashSet<>();
        for (TenantSpec s : inForce) {
            existing.add(s.id());
        }
        for (FolderResult r : changed) {
            existing.add(r.name());
        }
        for (FolderResult r : changed) {
            if (!r.valid()) {
                continue;
            }
            List<String> deps = r.spec().dependsOn();
            for (int i = 0; i < deps.size(); i++) {
                String d = deps.get(i);
                if (!existing.contains(d)) {
                    FieldPath entry = DEPENDS_ON.index(i);
                    r.problems().at(entry, r.tree().valueAt(entry),
                            "tenant " + d + " does not exist; a folder tenants/" + d + " was expected");
                }
            }
        }
    }
}
