package bbh.runtime.launch;

import bbh.api.pipeline.Stage;
import bbh.api.status.TenantStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.function.Function;

/**
 * The summary {@code bin/bbh render} prints once every tenant settled: one row per tenant, sorted,
 * columns aligned, no trailing blanks, so the same commit always prints the same table.
 */
final class StatusTable {
    private StatusTable() {}

    static final List<String> HEADER = List.of("TENANT", "BACKEND", "LAST DONE", "STATE", "ADDRESS", "MESSAGE");

    /** What the summary says of a tenant beside its status: its backend, and where it is reached. */
    record Facts(String backend, String address) {
        static final Facts UNKNOWN = new Facts("-", "-");
    }

    /**
     * The table of {@code tenants}.
     *
     * @param tenants the tenants, sorted
     * @param status each tenant's status, empty when it has none
     * @param facts each tenant's backend and address
     */
    static String format(SortedSet<String> tenants, Function<String, Optional<TenantStatus>> status,
            Function<String, Facts> facts) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (String id : tenants) {
            Optional<TenantStatus> s = status.apply(id);
            Facts f = facts.apply(id);
            rows.add(List.of(
                    id,
                    f.backend(),
                    s.flatMap(TenantStatus::lastDone).map(Stage::id).orElse("-"),
                    TenantOutcome.of(s).word(),
                    f.address(),
                    TenantOutcome.message(s)));
        }
        return align(rows);
    }

    /** Pads every column but the last to its widest cell, two blanks apart. */
    static String align(List<List<String>> rows) {
        int columns = rows.get(0).size();
        int[] width = new int[columns];
        for (List<String> r : rows) {
            for (int c = 0; c < columns - 1; c++) {
                width[c] = Math.max(width[c], r.get(c).length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (List<String> r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                line.append(r.get(c));
                if (c < columns - 1) {
                    line.append(" ".repeat(width[c] - r.get(c).length() + 2));
                }
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        return b.toString();
    }
}
