package dev.crmoutbound.app;

import dev.crmoutbound.ops.CampaignProgress;
import dev.crmoutbound.ops.ProgressBars;
import dev.crmoutbound.ops.TerminalProgress;
import org.apache.camel.CamelContext;

/**
 * How {@code --batch} shows its progress: on a terminal, a live bar per campaign below the log (the
 * periodic summary line is then left out); piped to a file, the plain summary lines only.
 */
public final class BatchProgress implements AutoCloseable {

    private final boolean bars;
    private final ProgressBars render = new ProgressBars();
    private CampaignProgress progress;
    private TerminalProgress terminal;

    private BatchProgress(boolean bars) {
        this.bars = bars;
    }

    /** {@code setting}: BATCH_PROGRESS (bar, lines, or unset for bars on a terminal only). */
    public static BatchProgress choose(String setting) {
        return new BatchProgress(TerminalProgress.onTerminal(setting));
    }

    public boolean bars() {
        return bars;
    }

    public synchronized void start(CamelContext context) {
        if (bars) {
            progress = context.getRegistry().lookupByNameAndType("campaignProgress", CampaignProgress.class);
            terminal = TerminalProgress.install();
        }
    }

    /** Redraws the bars (nothing without them). */
    public synchronized void draw() {
        draw(false);
    }

    private void draw(boolean current) {
        if (terminal != null) {
            terminal.draw(render.render(progress.progress(current), System.nanoTime()));
        }
    }

    /** Draws the bars a last time, as the ledger says now, and leaves them on screen above what follows. */
    @Override
    public synchronized void close() {
        if (terminal != null) {
            draw(true);
            terminal.close();
            terminal = null;
        }
    }
}
