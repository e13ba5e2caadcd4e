package bbh.tenant.validate;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/**
 * Strict UTF-8 decoding of metadata.json and of the tenant's unit files. JSON exchanged between
 * systems must be UTF-8 (RFC 8259 section 8.1), and systemd reads unit files as UTF-8; anything else
 * is refused with the offset of the first bad byte rather than decoded with replacement characters
 * that would then reach generated files.
 *
 * <p>A leading byte order mark is accepted and dropped: RFC 8259 lets parsers ignore it, and some
 * editors on other systems write one. Positions are then counted after it, as editors show them.
 */
final class Utf8Text {
    private Utf8Text() {}

    private static final int BOM_LENGTH = 3;

    /** The decoded text, or null after recording where the bytes stop being UTF-8. */
    static String decode(byte[] bytes, FileProblems problems) {
        return decode(bytes, (at, expected) -> problems.at(FieldPath.ROOT, at, expected));
    }

    /**
     * The decoded text, or null after giving {@code problem} the place of the first byte that is not
     * UTF-8 and what was expected.
     */
    static String decode(byte[] bytes, BiConsumer<Position, String> problem) {
        int start = hasBom(bytes) ? BOM_LENGTH : 0;
        // Fast path: the JDK's String decoding replaces each malformed sequence with U+FFFD, so a
        // result without U+FFFD proves the bytes valid. Only otherwise is the strict decoder run,
        // to tell a U+FFFD written in the file from a bad byte, and to find that byte.
        String fast = new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
        if (fast.indexOf('\uFFFD') < 0) {
            return fast;
        }
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length - start);
        CoderResult r = d.decode(in, out, true);
        if (!r.isError()) {
            r = d.flush(out);
        }
        if (r.isError()) {
            int offset = in.position();
            problem.accept(positionOf(bytes, start, offset), String.format(
                    "not valid UTF-8: byte 0x%02X at offset %d does not fit a UTF-8 sequence; a UTF-8 encoded file was expected",
                    bytes[offset] & 0xff, offset));
            return null;
        }
        out.flip();
        return out.toString();
    }

    private static boolean hasBom(byte[] b) {
        return b.length >= BOM_LENGTH && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF;
    }

    /** Line and column of the byte at {@code offset}; everything before it is valid UTF-8. */
    private static Position positionOf(byte[] bytes, int start, int offset) {
        int line = 1;
        int lineStart = start;
        for (int i = start; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        String before = new String(bytes, lineStart, offset - lineStart, StandardCharsets.UTF_8);
        return new Position(line, before.length() + 1);
    }
}
