package bbh.tenant.validate;

import bbh.api.tenant.TenantNames;
import bbh.tenant.unit.SystemdSize;
import bbh.tenant.units.StorageQuota;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;

/**
 * The rules of one metadata.json that its JSON Schema cannot express: the id against the folder's
 * name, memoryHigh against memoryMax, IO limits (a normalized device path, each device once),
 * subnet and DNS addresses parsed for real (no DNS lookups), names unique within the tenant, no
 * self-dependency.
 *
 * <p>Each rule looks only at values of the right type that no earlier check found wrong, so one
 * mistake is reported once, by the check that explains it best.
 */
final class FieldRules {
    private FieldRules() {}

    static final String TENANT_ID_RULE =
            "a DNS label of 1 to 63 characters a-z, 0-9 and '-', not starting or ending with '-'";

    private static final FieldPath ID = FieldPath.ROOT.key("id");
    private static final FieldPath RESOURCES = FieldPath.ROOT.key("resources");
    private static final FieldPath MEMORY_MAX = RESOURCES.key("memoryMax");
    private static final FieldPath MEMORY_HIGH = RESOURCES.key("memoryHigh");
    private static final FieldPath STORAGE_QUOTA = RESOURCES.key("storageQuota");
    private static final FieldPath IO = RESOURCES.key("io");
    private static final FieldPath EXTENSIONS = FieldPath.ROOT.key("extensions");
    private static final FieldPath DEPENDS_ON = FieldPath.ROOT.key("dependsOn");

    /** Records every violation in {@code tree} of the tenant folder {@code folderName}. */
    static void check(String folderName, LocatedTree tree, FileProblems problems) {
        id(folderName, tree, problems);
        memory(tree, problems);
        ioLimits(tree, problems);
        network(tree, problems);
        extensionNames(tree, problems);
        dependsOn(folderName, tree, problems);
    }

    private static void id(String folderName, LocatedTree tree, FileProblems problems) {
        String id = checkedText(tree, ID, problems);
        if (id == null) {
            return;
        }
        if (!TenantNames.isValidId(id)) {
            // The schema's pattern says the same; this guards against the two drifting apart.
            problems.at(ID, tree.valueAt(ID), "expected a tenant id: " + TENANT_ID_RULE + "; found " + Quoted.of(id));
        }
        if (!id.equals(folderName)) {
            problems.at(ID, tree.valueAt(ID), "expected the folder's name " + Quoted.of(folderName) + ", found " + Quoted.of(id));
        }
    }

    private static void memory(LocatedTree tree, FileProblems problems) {
        String max = checkedText(tree, MEMORY_MAX, problems);
        String high = checkedText(tree, MEMORY_HIGH, problems);
        if (max != null && high != null && SystemdSize.bytes(high).compareTo(SystemdSize.bytes(max)) > 0) {
            problems.at(MEMORY_HIGH, tree.valueAt(MEMORY_HIGH), "expected at most memoryMax (" + max + "), found " + high);
        }
        // The quota becomes an ext4 image of that size: refuse here what the units stage could not make.
        String quota = checkedText(tree, STORAGE_QUOTA, problems);
        String tooSmallOrLarge = quota == null ? null : StorageQuota.problem(quota);
        if (tooSmallOrLarge != null) {
            problems.at(STORAGE_QUOTA, tree.valueAt(STORAGE_QUOTA), tooSmallOrLarge);
        }
    }

    /**
     * The schema has checked each device's characters and {@code /dev/} prefix; a path is also
     * normalized, so that two spellings of one device cannot both be limited (systemd would apply
     * whichever line comes last).
     */
    private static void ioLimits(LocatedTree tree, FileProblems problems) {
        JsonNode list = tree.node(IO);
        Map<String, FieldPath> seen = new HashMap<>();
        for (int i = 0; list.isArray() && i < list.size(); i++) {
            FieldPath device = IO.index(i).key("device");
            String path = checkedText(tree, device, problems);
            if (path == null) {
                continue;
            }
            if (!normalized(path)) {
                problems.at(device, tree.valueAt(device), "expected a normalized path: no empty, '.' or '..' component and no final '/'; found "
                        + Quoted.of(path));
                continue;
            }
            FieldPath first = seen.putIfAbsent(path, device);
            if (first != null) {
                problems.at(device, tree.valueAt(device), "expected each device once; " + Quoted.of(path) + " is also " + first.dotted());
            }
        }
    }

    /** The network block's rules live in their own file: {@link NetworkRules}. */
    private static void network(LocatedTree tree, FileProblems problems) {
        NetworkRules.check(tree, problems);
    }

    private static void extensionNames(LocatedTree tree, FileProblems problems) {
        JsonNode list = tree.node(EXTENSIONS);
        Map<String, FieldPath> seen = new HashMap<>();
        for (int i = 0; list.isArray() && i < list.size(); i++) {
            FieldPath name = EXTENSIONS.index(i).key("name");
            String n = checkedText(tree, name, problems);
            if (n != null) {
                FieldPath first = seen.putIfAbsent(n, name);
                if (first != null) {
                    problems.at(name, tree.valueAt(name), "expected each extension name once; " + Quoted.of(n) + " is also " + first.dotted());
                }
            }
        }
    }

    private static void dependsOn(String folderName, LocatedTree tree, FileProblems problems) {
        JsonNode list = tree.node(DEPENDS_ON);
        Map<String, FieldPath> seen = new HashMap<>();
        for (int i = 0; list.isArray() && i < list.size(); i++) {
            FieldPath entry = DEPENDS_ON.index(i);
            String other = checkedText(tree, entry, problems);
            if (other == null) {
                continue;
            }
            if (other.equals(folderName)) {
                problems.at(entry, tree.valueAt(entry), "expected another tenant's id; a tenant cannot depend on itself");
            }
            FieldPath first = seen.putIfAbsent(other, entry);
            if (first != null) {
                problems.at(entry, tree.valueAt(entry), "expected each tenant once; " + Quoted.of(other) + " is also " + first.dotted());
            }
        }
    }

    /** True for an absolute path without empty, {@code .} or {@code ..} components or a final {@code /}. */
    private static boolean normalized(String path) {
        if (!path.startsWith("/") || path.endsWith("/")) {
            return false;
        }
        for (String component : path.substring(1).split("/", -1)) {
            if (component.isEmpty() || component.equals(".") || component.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /** The string at {@code field}, null when absent or not a string. */
    private static String text(LocatedTree tree, FieldPath field) {
        JsonNode n = tree.node(field);
        return n.isTextual() ? n.textValue() : null;
    }

    /** The string at {@code field} when no check found it wrong yet; else null. */
    private static String checkedText(LocatedTree tree, FieldPath field, FileProblems problems) {
        return problems.has(field) ? null : text(tree, field);
    }
}
