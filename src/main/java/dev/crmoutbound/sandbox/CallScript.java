package dev.crmoutbound.sandbox;

import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Plays one sandbox call from POST to its terminal webhook: picks an outcome from the seeded mix and
 * emits the events of the call's family. The slot is freed just before the terminal event goes out, as
 * a real platform frees the line before it tells anyone.
 */
final class CallScript {

    private static final double RING_SECONDS = 4;
    private static final double NO_ANSWER_AFTER_SECONDS = 30;
    private static final double TRANSCRIPTION_SECONDS = 5;

    private final KrosAiSandbox sandbox;
    private final SandboxCall call;
    private final int maxDuration;
    private final AtomicBoolean ended = new AtomicBoolean();

    CallScript(KrosAiSandbox sandbox, SandboxCall call, int maxDuration) {
        this.sandbox = sandbox;
        this.call = call;
        this.maxDuration = maxDuration;
    }

    void run(Random random) {
        boolean events = "events".equals(call.family);
        if (events) {
            sandbox.emit(call, "call.initiated", true, null);
        }
        Double fixed = sandbox.fixedCallSeconds();
        String scripted = sandbox.options().outcomeByNumber.get(call.toNumber);
        if (fixed != null && (scripted == null || "completed".equals(scripted))) {
            answerAt(0, events);
            sandbox.schedule(() -> complete((int) Math.round(fixed), "normal_clearing"), fixed);
            return;
        }
        String outcome;
        double talkSeconds;
        synchronized (random) {
            outcome = scripted != null ? scripted : pick(random);
            talkSeconds = 20 + random.nextInt(220);
        }
        if (events) {
            sandbox.schedule(this::ringing, 1);
        }
        switch (outcome) {
            case "no_answer" -> sandbox.schedule(() -> fail("no_answer", "no_answer", null), NO_ANSWER_AFTER_SECONDS);
            case "busy" -> sandbox.schedule(() -> fail("busy", "busy", null), 2);
            case "failed" -> sandbox.schedule(() -> fail("failed", "network_error", "CARRIER_ERROR"), 3);
            default -> {
                answerAt(RING_SECONDS, events);
                int talk = (int) Math.min(talkSeconds, maxDuration);
                String cause = talk < talkSeconds ? "timeout" : (talk % 2 == 0 ? "user_hangup" : "agent_hangup");
                sandbox.schedule(() -> complete(talk, cause), RING_SECONDS + talk);
            }
        }
    }

    private String pick(Random random) {
        double roll = random.nextDouble();
        double sum = 0;
        for (Map.Entry<String, Double> share : sandbox.outcomeMix().entrySet()) {
            sum += share.getValue();
            if (roll < sum) {
                return share.getKey();
            }
        }
        return "completed";
    }

    private void ringing() {
        if (!ended.get() && "initiated".equals(call.status)) {
            call.status = "ringing";
            sandbox.emit(call, "call.ringing", true, null);
        }
    }

    private void answerAt(double seconds, boolean events) {
        sandbox.schedule(() -> {
            if (ended.get()) {
                return;
            }
            call.status = "in_progress";
            call.answeredAt = Instant.now();
            sandbox.emit(call, events ? "call.answered" : "call.started", events, null);
        }, seconds);
    }

    private void complete(int seconds, String hangupCause) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        call.duration = seconds;
        call.costCents = (int) Math.ceil(seconds / 60.0) * sandbox.centsPerMinute();
        call.hangupCause = call.hungUp ? "agent_hangup" : hangupCause;
        call.status = "completed";
        sandbox.endCall(call);
        boolean events = "events".equals(call.family);
        sandbox.emit(call, events ? "call.completed" : "call.ended", events, null);
        if (!sandbox.sendsTranscripts()) {
            return;
        }
        call.transcript = sandbox.transcriptOf(call);
        sandbox.schedule(() -> sandbox.emit(call, events ? "transcription.completed" : "transcript.ready", false, null),
                TRANSCRIPTION_SECONDS);
    }

    private void fail(String status, String hangupCause, String errorCode) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        call.duration = 0;
        call.costCents = 0;
        call.hangupCause = hangupCause;
        call.status = status;
        sandbox.endCall(call);
        boolean events = "events".equals(call.family);
        sandbox.emit(call, "call.failed", events, errorCode);
    }
}
