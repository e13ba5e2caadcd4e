package bbh.network.shell;

import bbh.api.systemd.NetworkLink;
import java.util.List;

/**
 * Links of tenants for the console: one line per link, columns aligned; a link networkd does not
 * know is shown as {@code absent}.
 *
 * @param rows the links, in tenant order
 */
public record LinkTable(List<Row> rows) {

    /**
     * One link of a tenant.
     *
     * @param tenant the tenant's id
     * @param name the link's name
     * @param link what networkd reports, null when it has no such link
     */
    public record Row(String tenant, String name, NetworkLink link) {}

    @Override
    public String toString() {
        String[] header = {"TENANT", "LINK", "KIND", "SETUP", "OPERATIONAL", "ADDRESSES", "DNS", "DOMAINS"};
        List<String[]> lines = new java.util.ArrayList<>();
        lines.add(header);
        for (Row r : rows) {
            NetworkLink l = r.link();
            lines.add(l == null
                    ? new String[] {r.tenant(), r.name(), "-", "absent", "-", "-", "-", "-"}
                    : new String[] {r.tenant(), r.name(), l.kind(), l.administrativeState(), l.operationalState(),
                        String.join(",", l.addresses()), String.join(",", l.dns()), String.join(",", l.domains())});
        }
        int[] width = new int[header.length];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                width[i] = Math.max(width[i], line[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                b.append(i == line.length - 1 ? line[i] : String.format("%-" + width[i] + "s  ", line[i]));
            }
            b.append('\n');
        }
        return rows.isEmpty() ? "No tenant has a network.\n" : b.toString();
    }
}
