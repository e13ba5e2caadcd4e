package bbh.tenant.validate;

import bbh.tenant.source.TenantFolder;
import bbh.tenant.source.UnsafeFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A tenant folder held in memory: its metadata.json and any other files, by path relative to the
 * folder (folders are implied by their files); failing reads can be simulated.
 */
final class MemoryTenantFolder implements TenantFolder {
    private final String name;
    private final SortedMap<String, byte[]> files;
    private final IOException failure;

    private MemoryTenantFolder(String name, SortedMap<String, byte[]> files, IOException failure) {
        this.name = name;
        this.files = files;
        this.failure = failure;
    }

    static MemoryTenantFolder of(String name, String metadataJson) {
        SortedMap<String, byte[]> files = new TreeMap<>();
        files.put("metadata.json", metadataJson.getBytes(StandardCharsets.UTF_8));
        return new MemoryTenantFolder(name, files, null);
    }

    /** A folder whose every read fails as an unreadable repository does. */
    static MemoryTenantFolder failing(String name, IOException failure) {
        return new MemoryTenantFolder(name, new TreeMap<>(), failure);
    }

    /** This folder with one more file, {@code file} relative to the folder, holding {@code text} as UTF-8. */
    MemoryTenantFolder with(String file, String text) {
        return with(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** This folder with one more file holding {@code bytes}. */
    MemoryTenantFolder with(String file, byte[] bytes) {
        SortedMap<String, byte[]> more = new TreeMap<>(files);
        more.put(file, bytes.clone());
        return new MemoryTenantFolder(name, more, failure);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public byte[] read(String file, long maxBytes) throws UnsafeFileException, IOException {
        if (failure != null) {
            throw failure;
        }
        byte[] content = files.get(file);
        if (content == null) {
            throw new UnsafeFileException(path() + "/" + file, "file is missing");
        }
        if (content.length > maxBytes) {
            throw new UnsafeFileException(path() + "/" + file, "file is " + content.length + " bytes, at most " + maxBytes + " expected");
        }
        return content.clone();
    }

    @Override
    public List<String> list(String folder) throws UnsafeFileException, IOException {
        if (failure != null) {
            throw failure;
        }
        if (files.containsKey(folder)) {
            throw new UnsafeFileException(path() + "/" + folder, "a folder was expected");
        }
        String prefix = folder + "/";
        TreeSet<String> names = new TreeSet<>();
        for (String f : files.subMap(prefix, prefix + Character.MAX_VALUE).keySet()) {
            String rest = f.substring(prefix.length());
            int slash = rest.indexOf('/');
            names.add(slash < 0 ? rest : rest.substring(0, slash + 1));
        }
        return new ArrayList<>(names);
    }

    @Override
    public List<UnsafeFileException> unsafeEntries() throws IOException {
        if (failure != null) {
            throw failure;
        }
        return List.of();
    }
}
