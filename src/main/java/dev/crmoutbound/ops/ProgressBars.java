package dev.crmoutbound.ops;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A progress bar per campaign for {@code --batch} on a terminal: finished of all leads, calls active
 * against the limit, and the time left at the pace of the last minute.
 */
public final class ProgressBars {

    /** A campaign's numbers at one moment: leads final (done or rejected) of all its leads, calls active. */
    public record Progress(String campaign, int finished, int total, int active, int limit) {
    }

    private record Sample(long nanos, int finished) {
    }

    private static final int WIDTH = 30;
    private static final long WINDOW_NANOS = Duration.ofMinutes(1).toNanos();

    private final Map<String, Deque<Sample>> history = new HashMap<>();

    /** The bars for these campaigns as of {@code nanos} (System.nanoTime()), one line each. */
    public List<String> render(List<Progress> campaigns, long nanos) {
        int nameWidth = campaigns.stream().mapToInt(p -> p.campaign().length()).max().orElse(0);
        List<String> lines = new ArrayList<>();
        for (Progress p : campaigns) {
            lines.add(String.format("%-" + nameWidth + "s %s %d/%d  active %d/%d  %s", p.campaign(), bar(p),
                    p.finished(), p.total(), p.active(), p.limit(), eta(p, nanos)));
        }
        return lines;
    }

    private static String bar(Progress p) {
        int filled = p.total() == 0 ? 0 : (int) ((long) WIDTH * p.finished() / p.total());
        return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "]";
    }

    private String eta(Progress p, long nanos) {
        if (p.total() > 0 && p.finished() >= p.total()) {
            return "done";
        }
        Deque<Sample> samples = history.computeIfAbsent(p.campaign(), c -> new ArrayDeque<>());
        samples.addLast(new Sample(nanos, p.finished()));
        while (samples.size() > 2 && nanos - samples.peekFirst().nanos() > WINDOW_NANOS) {
            samples.removeFirst();
        }
        Sample first = samples.peekFirst();
        int gained = p.finished() - first.finished();
        long elapsed = nanos - first.nanos();
        if (gained <= 0 || elapsed <= 0) {
            return "ETA --";
        }
        long left = (long) ((double) (p.total() - p.finished()) * elapsed / gained);
        return "ETA " + human(Duration.ofNanos(left));
    }

    static String human(Duration d) {
        long s = Math.max(1, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + String.format("%02ds", s % 60);
        }
        return (s / 3600) + "h" + String.format("%02dm", s / 60 % 60);
    }
}
