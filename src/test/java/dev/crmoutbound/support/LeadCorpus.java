package dev.crmoutbound.support;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A seeded generator of lead CSVs as vendors and attackers write them: every example number
 * libphonenumber has (every region, every number type, the non-geographic ones, the invalid examples) in
 * every format, mutated and as junk; record ids short, long, repeated and missing; time zones valid and
 * not; consent values; campaigns known and unknown; names in any script, quotes, newlines, formulas.
 */
public final class LeadCorpus {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final String SPECIAL = ",\"\n\r\t;'=+-@";
    public static final List<String> HEADER = List.of("n", "id", "name", "phone", "time_zone", "consent", "campaign",
            "notes");

    private final Random random;
    private final List<PhoneNumber> examples = new ArrayList<>();
    private final List<String> zones = new ArrayList<>(ZoneId.getAvailableZoneIds());
    private final List<String> campaigns;
    private int next;

    public LeadCorpus(long seed, List<String> campaigns) {
        this.random = new Random(seed);
        this.campaigns = campaigns;
        for (String region : UTIL.getSupportedRegions().stream().sorted().toList()) {
            for (PhoneNumberType type : PhoneNumberType.values()) {
                add(UTIL.getExampleNumberForType(region, type));
            }
            add(UTIL.getInvalidExampleNumber(region));
        }
        for (int code : UTIL.getSupportedGlobalNetworkCallingCodes().stream().sorted().toList()) {
            add(UTIL.getExampleNumberForNonGeoEntity(code));
        }
        zones.sort(null);
    }

    private void add(PhoneNumber number) {
        if (number != null) {
            examples.add(number);
        }
    }

    /** How many distinct example numbers the corpus draws on. */
    public int exampleNumbers() {
        return examples.size();
    }

    /**
     * Writes a CSV of at least {@code rows} rows to {@code file}: every example number once in turn (so
     * the whole set is covered whenever {@code rows} is larger than it), then random rows.
     */
    public void write(Path file, int rows) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180)) {
            csv.printRecord(HEADER);
            for (int i = 0; i < Math.max(rows, examples.size()); i++) {
                String phone = i < examples.size() ? format(examples.get(i)) : phone();
                csv.printRecord(++next, id(), name(), phone, zone(), consent(), campaign(), notes());
            }
        }
    }

    private String phone() {
        return switch (random.nextInt(10)) {
            case 0, 1, 2, 3 -> format(pick(examples));
            case 4 -> mutate(format(pick(examples)));
            case 5 -> "+" + digits(1 + random.nextInt(20));
            case 6 -> digits(random.nextInt(30));
            case 7 -> junk(1 + random.nextInt(300));
            case 8 -> random.nextBoolean() ? "" : " ";
            default -> random.nextBoolean() ? junk(5000) : "+1 800 " + digits(7) + " ext. " + digits(4);
        };
    }

    private String format(PhoneNumber number) {
        PhoneNumberFormat[] formats = PhoneNumberFormat.values();
        String text = UTIL.format(number, formats[random.nextInt(formats.length)]);
        return random.nextInt(5) == 0 ? "(" + text + ")" : text;
    }

    private String mutate(String text) {
        StringBuilder s = new StringBuilder(text);
        int at = s.length() == 0 ? 0 : random.nextInt(s.length());
        switch (random.nextInt(4)) {
            case 0 -> s.insert(at, (char) ('0' + random.nextInt(10)));
            case 1 -> s.deleteCharAt(Math.min(at, Math.max(0, s.length() - 1)));
            case 2 -> s.insert(at, "x");
            default -> s.append(digits(5));
        }
        return s.toString();
    }

    private String id() {
        return switch (random.nextInt(10)) {
            case 0 -> "";
            case 1 -> "R" + random.nextInt(50); // repeats: duplicate record ids
            case 2 -> junk(200 + random.nextInt(800)); // longer than any ledger key
            default -> "R" + next + "-" + random.nextInt(1_000_000);
        };
    }

    private String name() {
        String[] names = {"Ada Lovelace", "Zoë Müller", "田中 太郎", "محمد", "O'Brien, \"Jr\"", "=HYPERLINK(\"x\")",
            "Multi\nLine", "\u202Eevil", "😀 emoji"};
        return random.nextInt(20) == 0 ? junk(2000) : names[random.nextInt(names.length)];
    }

    private String zone() {
        return switch (random.nextInt(8)) {
            case 0 -> pick(zones);
            case 1 -> "Mars/Olympus_Mons";
            case 2 -> junk(1 + random.nextInt(500));
            case 3 -> "+05:30";
            default -> "";
        };
    }

    private String consent() {
        String[] values = {"yes", "no", "true", "false", "1", "0", "", "Y", "maybe", "opted in 2024-01-01"};
        return random.nextInt(30) == 0 ? junk(1000) : values[random.nextInt(values.length)];
    }

    private String campaign() {
        return switch (random.nextInt(6)) {
            case 0 -> junk(1 + random.nextInt(400));
            case 1, 2 -> pick(campaigns);
            default -> "";
        };
    }

    private String notes() {
        return random.nextInt(10) == 0 ? junk(random.nextInt(3000)) : "note " + next;
    }

    private String digits(int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append((char) ('0' + random.nextInt(10)));
        }
        return s.toString();
    }

    /** Any characters but NUL (which makes a file binary), including quotes, commas, newlines and surrogate pairs. */
    private String junk(int n) {
        StringBuilder s = new StringBuilder(n);
        while (s.length() < n) {
            int kind = random.nextInt(10);
            if (kind == 0) {
                s.append(SPECIAL.charAt(random.nextInt(SPECIAL.length())));
            } else if (kind == 1) {
                s.appendCodePoint(0x1F300 + random.nextInt(0x300));
            } else {
                int c = 1 + random.nextInt(0xD7FF);
                s.append((char) c);
            }
        }
        return s.toString();
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }
}
