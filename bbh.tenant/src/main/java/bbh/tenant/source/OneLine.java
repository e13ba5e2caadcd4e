package bbh.tenant.source;

/** Turns an exception chain into one line for a {@link RepositoryUnavailableException} message. */
final class OneLine {
    private OneLine() {}

    /**
     * The messages of {@code e} and its causes, joined with {@code ": "}, skipping a cause whose
     * message its wrapper already repeats (JGit wraps TransportExceptions that way), newlines
     * turned into spaces.
     */
    static String of(Throwable e) {
        StringBuilder b = new StringBuilder();
        String last = null;
        int depth = 0;
        for (Throwable t = e; t != null && depth < 8; t = t.getCause(), depth++) {
            String m = t.getMessage();
            if (m == null || m.isBlank()) {
                m = t.getClass().getSimpleName();
            }
            m = m.strip().replaceAll("\\s*\\R\\s*", " ");
            if (last != null && last.contains(m)) {
                continue;
            }
            if (b.length() > 0) {
                b.append(": ");
            }
            b.append(m);
            last = m;
        }
        return b.toString();
    }
}
