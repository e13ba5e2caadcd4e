package bbh.network;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The operator's side of the network, from configuration PID {@value NetworkUpStage#PID}, never from a
 * tenant repository: the uplinks tenants' VLANs may ride on (each optionally pinned to a MAC address,
 * which makes a .link file name it), the default uplink, and address ranges no tenant may use.
 *
 * @param uplinks uplink name to MAC address (empty when the name is not pinned), sorted by name
 * @param defaultUplink the uplink of a tenant's VLAN when the tenant names none; empty for none
 * @param reserved ranges no tenant subnet may overlap, as written
 */
record OperatorNetwork(Map<String, String> uplinks, String defaultUplink, List<String> reserved) {

    /** No uplinks, no reserved ranges: what bbh assumes without configuration. */
    static final OperatorNetwork NONE = new OperatorNetwork(Map.of(), "", List.of());

    private static final Pattern IFNAME = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,14}");
    private static final Pattern MAC = Pattern.compile("([0-9a-f]{2}:){5}[0-9a-f]{2}");

    OperatorNetwork {
        uplinks = Collections.unmodifiableMap(new TreeMap<>(uplinks));
        defaultUplink = defaultUplink == null ? "" : defaultUplink;
        reserved = List.copyOf(reserved);
    }

    /**
     * Parses the configuration's values: {@code uplinks} entries {@code NAME} or {@code NAME=MAC},
     * {@code defaultUplink} one of them or blank, {@code reserved} subnets in CIDR notation.
     *
     * @throws IllegalArgumentException naming the key and value at fault
     */
    static OperatorNetwork parse(String[] uplinks, String defaultUplink, String[] reserved) {
        Map<String, String> byName = new TreeMap<>();
        for (String entry : uplinks == null ? new String[0] : uplinks) {
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            int eq = e.indexOf('=');
            String name = eq < 0 ? e : e.substring(0, eq);
            String mac = eq < 0 ? "" : e.substring(eq + 1).toLowerCase(java.util.Locale.ROOT);
            if (!IFNAME.matcher(name).matches()) {
                throw new IllegalArgumentException("uplinks: '" + e + "' does not start with an interface name (a letter, then up"
                        + " to 14 letters, digits, '.', '_' or '-')");
            }
            if (eq >= 0 && !MAC.matcher(mac).matches()) {
                throw new IllegalArgumentException("uplinks: '" + e + "' has no MAC address after '='; expected e.g. eth1=52:54:00:12:34:56");
            }
            if (byName.put(name, mac) != null) {
                throw new IllegalArgumentException("uplinks: " + name + " is listed twice");
            }
        }
        String def = defaultUplink == null ? "" : defaultUplink.strip();
        if (!def.isEmpty() && !byName.containsKey(def)) {
            throw new IllegalArgumentException("defaultUplink: '" + def + "' is not one of the uplinks " + byName.keySet());
        }
        List<String> ranges = new ArrayList<>();
        for (String r : reserved == null ? new String[0] : reserved) {
            String t = r.strip();
            if (!t.isEmpty()) {
                Cidr.parse(t); // throws, naming the value
                ranges.add(t);
            }
        }
        return new OperatorNetwork(byName, def, ranges);
    }

    /** The uplink a tenant's VLAN rides on: the one it names, else the default; empty when neither. */
    Optional<String> uplinkFor(String named) {
        String u = named != null ? named : defaultUplink;
        return u.isEmpty() ? Optional.empty() : Optional.of(u);
    }
}
