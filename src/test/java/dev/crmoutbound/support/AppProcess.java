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
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m"));
        command.addAll(jvmOptions);
        command.addAll(java.util.List.of("-cp", absoluteClassPath(), Application.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        AppProcess app = new AppProcess(builder.start(), Integer.parseInt(env.get("SERVER_PORT")), log);
        await().atMost(Duration.ofSeconds(60)).until(() -> app.listening() || !app.process.isAlive());
        if (!app.process.isAlive()) {
            throw new IllegalStateException(name + " did not start:\n" + Files.readString(log));
        }
        return app;
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
