package dev.crmoutbound.ledger;

import dev.crmoutbound.privacy.NumberHashes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The do-not-call list, a table of E.164 numbers, and of the keyed hashes of erased people's numbers. A DNC file is mirrored into it under its own name as
 * source (entries gone from the file are removed); other systems may write entries with any other source.
 */
public class DoNotCallList {

    private static final int IN_LIST = 500;

    private final Jdbc jdbc;
    private final Clock clock;
    private final NumberHashes hashes;

    /** {@code hashes}: the numbers of erased people are listed by their keyed hash alone. */
    public DoNotCallList(Jdbc jdbc, Clock clock, NumberHashes hashes) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.hashes = hashes;
    }

    public boolean isListed(String phoneE164) {
        if (phoneE164 == null) {
            return false;
        }
        List<String> hashed = hashes.all(phoneE164);
        // not a UNION: H2 parses one again on every call, never from its statement cache
        return jdbc.queryOne("SELECT CASE WHEN EXISTS (SELECT 1 FROM dnc_number WHERE phone_e164 = ?) OR EXISTS "
                + "(SELECT 1 FROM dnc_hash WHERE phone_hash IN (" + Jdbc.marks(hashed.size()) + ")) THEN 1 ELSE 0 END",
                rs -> rs.getInt(1) == 1, Stream.concat(Stream.of(phoneE164), hashed.stream()).toArray()).orElse(false);
    }

    /** Which of these numbers are listed. */
    public Set<String> listed(Collection<String> phones) {
        return jdbc.inTransaction(c -> listed(c, phones, hashes));
    }

    static Set<String> listed(Connection c, Collection<String> phones, NumberHashes hashes) throws SQLException {
        List<String> all = phones.stream().filter(p -> p != null).distinct().toList();
        Set<String> out = new HashSet<>();
        for (int from = 0; from < all.size(); from += IN_LIST) {
            List<String> part = all.subList(from, Math.min(all.size(), from + IN_LIST));
            out.addAll(Jdbc.query(c, "SELECT phone_e164 FROM dnc_number WHERE phone_e164 IN (" + Jdbc.marks(part.size()) + ")",
                    rs -> rs.getString(1), part.toArray()));
            Map<String, String> byHash = new HashMap<>();
            part.forEach(phone -> byHash.put(hashes.of(phone), phone));
            Jdbc.query(c, "SELECT phone_hash FROM dnc_hash WHERE phone_hash IN (" + Jdbc.marks(byHash.size()) + ")",
                    rs -> rs.getString(1), byHash.keySet().toArray()).forEach(h -> out.add(byHash.get(h)));
        }
        return out;
    }

    /**
     * Which of these numbers are listed, by their place in {@code phones}; {@code currentHashes} are their
     * hashes under the current key, by which an erased person's number is listed. A table with nothing in
     * it, as the hashes of erased people usually are, is not searched.
     */
    static Set<Integer> listedAt(Connection c, String[] phones, String[] currentHashes) throws SQLException {
        Set<Integer> out = new HashSet<>();
        out.addAll(foundAt(c, "dnc_number", "phone_e164", phones));
        out.addAll(foundAt(c, "dnc_hash", "phone_hash", currentHashes));
        return out;
    }

    private static Set<Integer> foundAt(Connection c, String table, String column, String[] values) throws SQLException {
        Set<Integer> out = new HashSet<>();
        if (Jdbc.query(c, "SELECT 1 FROM " + table + " LIMIT 1", rs -> 1).isEmpty()) {
            return out;
        }
        Map<String, List<Integer>> at = new HashMap<>();
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                at.computeIfAbsent(values[i], v -> new ArrayList<>()).add(i);
            }
        }
        if (at.isEmpty()) {
            return out;
        }
        KeyArrays.Matching listed = KeyArrays.matching(c, table + " d", "d." + column);
        try (PreparedStatement ps = c.prepareStatement("SELECT d." + column + " FROM " + listed.from() + " WHERE "
                + listed.where())) {
            ps.setArray(1, c.createArrayOf("varchar", at.keySet().toArray()));
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.addAll(at.get(rs.getString(1)));
                }
            }
        }
        return out;
    }

    /** Lists a number by its keyed hash alone (an erased person's); true when it was not listed so before. */
    public boolean addHashed(Connection c, String phoneE164, String source) throws SQLException {
        return Jdbc.update(c, "INSERT INTO dnc_hash (phone_hash, source, added_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                hashes.of(phoneE164), source, clock.instant()) == 1;
    }

    /** Makes the entries from {@code source} exactly {@code phones}; returns how many were added and removed. */
    public int[] replace(String source, Set<String> phones) {
        return jdbc.inTransaction(c -> {
            Set<String> current = new HashSet<>(Jdbc.query(c, "SELECT phone_e164 FROM dnc_number WHERE source = ?",
                    rs -> rs.getString(1), source));
            List<String> gone = current.stream().filter(p -> !phones.contains(p)).toList();
            List<String> added = new ArrayList<>();
            Instant now = clock.instant();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO dnc_number (phone_e164, source, added_at) "
                    + "VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                for (String phone : phones) {
                    if (!current.contains(phone)) {
                        Jdbc.bind(ps, phone, source, now);
                        ps.addBatch();
                        added.add(phone);
                    }
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM dnc_number WHERE phone_e164 = ? AND source = ?")) {
                for (String phone : gone) {
                    Jdbc.bind(ps, phone, source);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return new int[] {added.size(), gone.size()};
        });
    }
}
