package bbh.tenant.validate;

import bbh.api.tenant.TenantSpec;
import bbh.api.tenant.TenantUnitFile;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps a metadata tree that passed every check to a {@link TenantSpec}, field by field (bbh.api
 * carries no Jackson annotations). Defaults, as docs/tenant-format.md lists them: description
 * {@code ""}, enabled {@code true}, backend {@code nspawn}, image absent, image type
 * {@code directory}, no resource limits (no IO limits), no network, extension type {@code sysext}, no extensions,
 * no dependencies.
 */
final class SpecMapping {
    private SpecMapping() {}

    static final String DEFAULT_BACKEND = "nspawn";
    static final String DEFAULT_IMAGE_TYPE = "directory";
    static final String DEFAULT_EXTENSION_TYPE = "sysext";

    /** The spec of a valid tree read from {@code sourcePath}, with the tenant's checked unit files. */
    static TenantSpec toSpec(JsonNode root, String sourcePath, List<TenantUnitFile> units) {
        return new TenantSpec(
                root.get("schemaVersion").intValue(),
                root.get("id").textValue(),
                text(root, "description", ""),
                root.path("enabled").asBoolean(true),
                text(root, "backend", DEFAULT_BACKEND),
                image(root.get("image")),
                resources(root.get("resources")),
                network(root.get("network")),
                extensions(root.get("extensions")),
                texts(root.get("dependsOn")),
                sourcePath,
                units,
                machine(root.get("machine")));
    }

    private static TenantSpec.Machine machine(JsonNode n) {
        if (n == null) {
            return TenantSpec.Machine.NONE;
        }
        List<TenantSpec.Drive> drives = new ArrayList<>();
        n.path("drives").forEach(d -> drives.add(new TenantSpec.Drive(text(d, "file", null), text(d, "format", "raw"))));
        List<TenantSpec.Bind> binds = new ArrayList<>();
        n.path("binds").forEach(b -> binds.add(new TenantSpec.Bind(text(b, "source", null), text(b, "target", null),
                b.path("readOnly").asBoolean(false))));
        List<TenantSpec.Credential> credentials = new ArrayList<>();
        n.path("credentials").forEach(c -> credentials.add(new TenantSpec.Credential(text(c, "name", null),
                text(c, "file", null))));
        return new TenantSpec.Machine(integer(n, "cpus"), text(n, "memory", null), bool(n, "tpm"), bool(n, "secureBoot"),
                drives, binds, credentials);
    }

    private static Boolean bool(JsonNode object, String field) {
        JsonNode v = object.get(field);
        return v == null ? null : v.booleanValue();
    }

    private static TenantSpec.Image image(JsonNode n) {
        return n == null ? null : new TenantSpec.Image(text(n, "type", DEFAULT_IMAGE_TYPE), text(n, "name", null));
    }

    private static TenantSpec.Resources resources(JsonNode n) {
        if (n == null) {
            return TenantSpec.Resources.NONE;
        }
        return new TenantSpec.Resources(
                integer(n, "cpuWeight"),
                text(n, "cpuQuota", null),
                text(n, "memoryMax", null),
                text(n, "memoryHigh", null),
                integer(n, "ioWeight"),
                integer(n, "tasksMax"),
                text(n, "storageQuota", null),
                ioLimits(n.get("io")));
    }

    private static List<TenantSpec.IoLimit> ioLimits(JsonNode n) {
        List<TenantSpec.IoLimit> list = new ArrayList<>();
        if (n != null) {
            n.forEach(e -> list.add(new TenantSpec.IoLimit(text(e, "device", null), text(e, "readBandwidth", null),
                    text(e, "writeBandwidth", null))));
        }
        return list;
    }

    private static TenantSpec.Network network(JsonNode n) {
        if (n == null) {
            return null;
        }
        return new TenantSpec.Network(text(n, "subnet", null), integer(n, "vlan"), texts(n.get("dns")),
                text(n, "gateway", null), text(n, "subnet6", null), text(n, "gateway6", null), dhcp(n.get("dhcp")),
                texts(n.get("domains")), integer(n, "mtu"), text(n, "uplink", null), vxlan(n.get("vxlan")),
                wireguard(n.get("wireguard")), shaping(n.get("shaping")));
    }

    private static TenantSpec.Dhcp dhcp(JsonNode n) {
        return n == null ? null : new TenantSpec.Dhcp(n.path("enabled").asBoolean(true), integer(n, "poolOffset"),
                integer(n, "poolSize"), integer(n, "leaseSeconds"));
    }

    private static TenantSpec.Vxlan vxlan(JsonNode n) {
        return n == null ? null : new TenantSpec.Vxlan(n.get("vni").intValue(), text(n, "remote", null),
                text(n, "group", null), text(n, "local", null), integer(n, "port"));
    }

    private static TenantSpec.WireGuard wireguard(JsonNode n) {
        if (n == null) {
            return null;
        }
        List<TenantSpec.WireGuardPeer> peers = new ArrayList<>();
        n.path("peers").forEach(p -> peers.add(new TenantSpec.WireGuardPeer(text(p, "publicKey", null),
                texts(p.get("allowedIps")), text(p, "endpoint", null), integer(p, "persistentKeepalive"))));
        return new TenantSpec.WireGuard(text(n, "privateKeyFile", null), integer(n, "listenPort"), text(n, "address", null),
                peers);
    }

    private static TenantSpec.Shaping shaping(JsonNode n) {
        return n == null ? null : new TenantSpec.Shaping(text(n, "rate", null), text(n, "burst", null), integer(n, "latencyMs"));
    }

    private static List<TenantSpec.Extension> extensions(JsonNode n) {
        List<TenantSpec.Extension> list = new ArrayList<>();
        if (n != null) {
            n.forEach(e -> list.add(new TenantSpec.Extension(text(e, "name", null), text(e, "type", DEFAULT_EXTENSION_TYPE))));
        }
        return list;
    }

    private static String text(JsonNode object, String field, String absent) {
        JsonNode v = object.get(field);
        return v == null ? absent : v.textValue();
    }

    /** An integer field; the schema admits 100.0 as the integer 100, so read it exactly. */
    private static Integer integer(JsonNode object, String field) {
        JsonNode v = object.get(field);
        return v == null ? null : v.intValue();
    }

    private static List<String> texts(JsonNode n) {
        List<String> list = new ArrayList<>();
        if (n != null) {
            n.forEach(e -> list.add(e.textValue()));
        }
        return list;
    }
}
