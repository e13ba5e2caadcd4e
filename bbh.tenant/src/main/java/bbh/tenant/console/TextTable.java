package bbh.tenant.console;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table with a header row and columns padded to their widest cell: the form of every
 * bbh console command's output. A missing or empty cell reads {@code -}.
 */
public final class TextTable {

    private final List<String[]> rows = new ArrayList<>();

    public TextTable(String... header) {
        rows.add(header);
    }

    public TextTable row(Object... cells) {
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            r[i] = cells[i] == null || cells[i].toString().isEmpty() ? "-" : cells[i].toString();
        }
        rows.add(r);
        return this;
    }

    @Override
    public String toString() {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < columns; i++) {
                b.append(r[i]);
                if (i < columns - 1) {
                    b.append(" ".repeat(width[i] - r[i].length() + 2));
                }
            }
            b.append('\n');
        }
        return b.toString();
    }
}
