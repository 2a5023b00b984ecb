package dev.crmoutbound.intake;

import java.io.BufferedInputStream;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Opens a lead file as CSV text, refusing early, with a reason its sender can act on, what is not: a
 * spreadsheet or other binary file, UTF-16 text, text that is not UTF-8, and rows so long that reading
 * them would hold the file in memory. The UTF-8 byte order mark, if any, is skipped.
 */
final class CsvTextReader extends FilterReader {

    /** The longest row read: far beyond any lead, and what keeps memory flat whatever the file. */
    static final int MAX_ROW_CHARS = 1 << 20;

    /** A reason to refuse the file, as its sender would understand it. */
    static final class NotLeadText extends IOException {
        NotLeadText(String message) {
            super(message);
        }
    }

    private int sinceRow;

    private CsvTextReader(Reader in) {
        super(in);
    }

    static CsvTextReader open(Path file) throws IOException {
        InputStream bytes = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            bytes.mark(8);
            byte[] start = bytes.readNBytes(4);
            bytes.reset();
            refuseKnownBinary(start);
            if (start.length >= 3 && (start[0] & 0xFF) == 0xEF && (start[1] & 0xFF) == 0xBB && (start[2] & 0xFF) == 0xBF) {
                bytes.skipNBytes(3);
            }
            CharsetDecoder strictUtf8 = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            return new CsvTextReader(new InputStreamReader(bytes, strictUtf8));
        } catch (IOException | RuntimeException e) {
            bytes.close();
            throw e;
        }
    }

    private static void refuseKnownBinary(byte[] start) throws NotLeadText {
        if (startsWith(start, 0xFF, 0xFE) || startsWith(start, 0xFE, 0xFF)) {
            throw new NotLeadText("the file is UTF-16 text (a \"Unicode text\" export); save it as CSV UTF-8");
        }
        if (startsWith(start, 'P', 'K', 3, 4)) {
            throw new NotLeadText("the file is a ZIP archive (an Excel workbook?), not CSV; save it as CSV UTF-8");
        }
        if (startsWith(start, '%', 'P', 'D', 'F')) {
            throw new NotLeadText("the file is a PDF, not CSV");
        }
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        return bytes.length >= prefix.length && Arrays.equals(Arrays.copyOf(bytes, prefix.length), toBytes(prefix));
    }

    private static byte[] toBytes(int[] values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    /** The parser handed out a row: the next one is measured from here. */
    void rowRead() {
        sinceRow = 0;
    }

    @Override
    public int read() throws IOException {
        char[] one = new char[1];
        return read(one, 0, 1) < 0 ? -1 : one[0];
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        for (int i = offset; i < offset + n; i++) {
            if (buffer[i] == '\0') {
                throw new NotLeadText("the file holds binary data (a NUL character), not CSV text");
            }
        }
        sinceRow += Math.max(n, 0);
        if (sinceRow > MAX_ROW_CHARS + length) {
            throw new NotLeadText("a row is longer than " + MAX_ROW_CHARS + " characters (a quote left open, "
                    + "or not a CSV file)");
        }
        return n;
    }
}
