package dev.crmoutbound.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** Drops lead files into an inbox the way a vendor would: written elsewhere, then moved in. */
public final class LeadFiles {

    private LeadFiles() {
    }

    /** {@code name} may be in a campaign's folder: {@code renewals/leads.csv}. */
    public static Path drop(Path dataDir, String name, byte[] content) throws IOException {
        Path inbox = Files.createDirectories(dataDir.resolve("inbox"));
        Path temp = Files.createTempFile(dataDir, "upload-", ".part");
        Files.write(temp, content);
        Path target = inbox.resolve(name);
        Files.createDirectories(target.getParent());
        return Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A CSV of {@code count} valid, distinct US numbers: +1 415 555 01xx style, from {@code first}. */
    public static byte[] numberedLeads(int count, int first) {
        StringBuilder csv = new StringBuilder("id,name,phone\n");
        for (int i = 0; i < count; i++) {
            int n = first + i;
            csv.append("R").append(n).append(",Lead ").append(n).append(",").append(phone(n)).append("\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A valid US number, distinct for each n below 50,000. */
    public static String phone(int n) {
        String[] areas = {"415", "628", "650", "408", "510"};
        return "+1" + areas[n / 10000 % areas.length] + "2" + String.format("%02d", n / 100 % 100) + String.format("%04d", n % 10000);
    }

    public static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }
}
