package bbh.sysext.tree;

/**
 * One thing wrong with an extension's tree.
 *
 * @param path the file at fault, relative to the repository's top
 * @param line 1-based line in it, 0 when the problem is not in one line
 * @param expected what was expected, or what is wrong, as one sentence without a final period
 */
public record TreeProblem(String path, int line, String expected) {

    @Override
    public String toString() {
        return path + (line > 0 ? ":" + line + ":1" : "") + ": " + expected;
    }
}
