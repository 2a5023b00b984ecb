package dev.crmoutbound.support;

import static org.awaitility.Awaitility.await;

import dev.crmoutbound.Application;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The application in a process of its own, configured by environment variables as a deployment would
 * be, so that a test can do to it what happens to processes: {@code kill -9}, {@code kill -STOP} and
 * {@code kill -CONT}.
 */
public final class AppProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private AppProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts it in {@code workDir} and waits until its HTTP server listens on SERVER_PORT (which
     * {@code env} must set). Its log is kept under target/process-logs/ for a look after a failure.
     */
    public static AppProcess start(String name, Path workDir, Map<String, String> env) throws Exception {
        return start(name, workDir, env, java.util.List.of());
    }

    /** As {@link #start(String, Path, Map)}, with these options for its JVM (system properties, say). */
    public static AppProcess start(String name, Path workDir, Map<String, String> env, java.util.List<String> jvmOptions)
            throws Exception {
        Path logDir = Files.createDirectories(Path.of("target", "process-logs"));
        Path log = logDir.resolve(java.time.LocalTime.now().toString().replace(':', '-') + "-" + name + ".log");
        ProcessBuilder builder = new ProcessBuilder(javaCommand(jvmOptions, java.util.List.of()))
                .directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        AppProcess app = new AppProcess(builder.start(), Integer.parseInt(env.get("SERVER_PORT")), log);
        await().atMost(Duration.ofSeconds(60)).until(() -> app.listening() || !app.process.isAlive());
        if (!app.process.isAlive()) {
            throw new IllegalStateException(name + " did not start:\n" + Files.readString(log));
        }
        return app;
    }

    /** The command line that runs the application in a JVM of its own with this test's class path. */
    public static java.util.List<String> javaCommand(java.util.List<String> jvmOptions, java.util.List<String> args) {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m"));
        command.addAll(jvmOptions);
        command.addAll(java.util.List.of("-cp", absoluteClassPath(), Application.class.getName()));
        command.addAll(args);
        return command;
    }

    /** The JVM option that makes it log with the shipped logging configuration, not the tests' one. */
    public static String shippedLogging() {
        return "-Dlogback.configurationFile=" + Path.of("target", "classes", "logback.xml").toAbsolutePath();
    }

    /**
     * The environment a deployment would give it to run a campaign against {@code sandbox}, keeping its
     * data in {@code dataDir} and receiving webhooks on {@code port}; a test adds or changes entries.
     */
    public static Map<String, String> environment(dev.crmoutbound.sandbox.TestSandbox sandbox, Path dataDir, int port) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("SERVER_PORT", String.valueOf(port));
        env.put("MANAGEMENT_PORT", String.valueOf(org.apache.camel.test.AvailablePortFinder.getNextAvailable()));
        env.put("DATA_DIR", dataDir.toString());
        TestDatabase.current().ifPresent(url -> env.put("LEDGER_JDBC_URL", url));
        env.put("KROSAI_BASE_URL", sandbox.baseUrl());
        env.put("KROSAI_API_KEY", sandbox.options().apiKey);
        env.put("KROSAI_WEBHOOK_SECRET", sandbox.options().webhookSecret);
        env.put("KROSAI_CONCURRENT_LIMIT", String.valueOf(sandbox.options().concurrentLimit));
        env.put("CAMPAIGN_FROM_NUMBER", "+14155550100");
        env.put("CAMPAIGN_ENDPOINT_ID", "ep_sandbox");
        env.put("CAMPAIGN_CALLING_WINDOW", "00:00-24:00");
        env.put("WEBHOOK_PUBLIC_URL", "http://127.0.0.1:" + port + "/webhooks/krosai");
        env.put("CSV_READ_LOCK_MIN_AGE_MS", "200");
        env.put("DIALER_POLL_MS", "200");
        env.put("RESULTS_INTERVAL_MS", "300");
        return env;
    }

    /** This JVM's class path with every entry absolute: the process runs in another folder. */
    private static String absoluteClassPath() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    /** {@code kill -9}: no shutdown of any kind. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** {@code kill -STOP}: frozen, its sockets open, as in a long GC pause. */
    public void freeze() throws Exception {
        signal("STOP");
    }

    /** {@code kill -CONT}. */
    public void thaw() throws Exception {
        signal("CONT");
    }

    private void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    private boolean listening() {
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            thaw();
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
