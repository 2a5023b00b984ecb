package dev.crmoutbound.ops;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The bottom lines of a terminal kept for progress bars while log lines scroll above them: installed as
 * {@code System.out} (where the log's console appender writes), it erases the bars before any other
 * output and the next {@link #draw} puts them back below it.
 */
public final class TerminalProgress extends OutputStream {

    private final PrintStream terminal;
    private int barLines;

    private TerminalProgress(PrintStream terminal) {
        this.terminal = terminal;
    }

    /** Takes over {@code System.out}; {@link #close()} gives it back. */
    public static TerminalProgress install() {
        TerminalProgress progress = new TerminalProgress(System.out);
        System.setOut(new PrintStream(progress, true, StandardCharsets.UTF_8));
        return progress;
    }

    /** Whether this process writes to a terminal that can move its cursor (BATCH_PROGRESS=bar|lines overrides). */
    public static boolean onTerminal(String setting) {
        if ("bar".equalsIgnoreCase(setting) || "lines".equalsIgnoreCase(setting)) {
            return "bar".equalsIgnoreCase(setting);
        }
        String term = System.getenv("TERM");
        return System.console() != null && term != null && !term.isBlank() && !"dumb".equals(term);
    }

    /** Replaces the bars drawn last with these lines. */
    public synchronized void draw(List<String> lines) {
        erase();
        for (String line : lines) {
            terminal.print(line);
            terminal.print('\n');
        }
        barLines = lines.size();
        terminal.flush();
    }

    @Override
    public synchronized void write(int b) {
        erase();
        terminal.write(b);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        erase();
        terminal.write(bytes, offset, length);
    }

    @Override
    public synchronized void flush() {
        terminal.flush();
    }

    /** Leaves the last bars on screen and gives {@code System.out} back. */
    @Override
    public synchronized void close() {
        barLines = 0;
        System.setOut(terminal);
        terminal.flush();
    }

    private void erase() {
        if (barLines > 0) {
            // to the start of the first bar line, then clear to the end of the screen
            terminal.print("\033[" + barLines + "F\033[J");
            barLines = 0;
        }
    }
}
