package bbh.sysext.tree;

import bbh.api.source.FileEntry;
import bbh.api.source.FileEntry.Kind;
import bbh.api.source.RepositoryFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A repository in memory, for entries no git repository can hold (device nodes, setuid bits): each
 * test builds exactly the tree it is about. Folders on the way are added as 0755.
 */
final class MemoryFiles implements RepositoryFiles {

    private final TreeMap<String, FileEntry> entries = new TreeMap<>();
    private final Map<String, byte[]> content = new TreeMap<>();

    MemoryFiles file(String path, String text) {
        return file(path, 0644, text);
    }

    MemoryFiles file(String path, int mode, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        add(new FileEntry(path, Kind.FILE, mode, b.length, null));
        content.put(path, b);
        return this;
    }

    MemoryFiles folder(String path, int mode) {
        add(new FileEntry(path, Kind.FOLDER, mode, 0, null));
        return this;
    }

    MemoryFiles symlink(String path, String target) {
        add(new FileEntry(path, Kind.SYMLINK, 0777, 0, target));
        return this;
    }

    MemoryFiles special(String path) {
        add(new FileEntry(path, Kind.SPECIAL, 0644, 0, null));
        return this;
    }

    MemoryFiles submodule(String path) {
        add(new FileEntry(path, Kind.SUBMODULE, 0, 0, null));
        return this;
    }

    private void add(FileEntry e) {
        String p = e.path();
        for (int i = p.indexOf('/'); i > 0; i = p.indexOf('/', i + 1)) {
            entries.putIfAbsent(p.substring(0, i), new FileEntry(p.substring(0, i), Kind.FOLDER, 0755, 0, null));
        }
        entries.put(p, e);
    }

    @Override
    public String commit() {
        return "0000000000000000000000000000000000000000";
    }

    @Override
    public List<FileEntry> walk(String folder) throws IOException {
        FileEntry f = entries.get(folder);
        if (f != null && f.kind() != Kind.FOLDER) {
            throw new IOException(folder + ": not a folder");
        }
        List<FileEntry> out = new ArrayList<>();
        for (FileEntry e : entries.tailMap(folder + "/").values()) {
            if (!e.path().startsWith(folder + "/")) {
                break;
            }
            out.add(e);
        }
        return out;
    }

    @Override
    public InputStream open(String file) throws IOException {
        byte[] b = content.get(file);
        if (b == null) {
            throw new IOException(file + ": no such file");
        }
        return new ByteArrayInputStream(b);
    }

    @Override
    public Optional<String> contentId(String folder) {
        return entries.containsKey(folder) ? Optional.of("memory:" + folder) : Optional.empty();
    }
}
