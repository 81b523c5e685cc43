package dev.vigil.ops.internal.slo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every SLO's good and total over many spans ending at one minute, on one connection: the spans'
 * whole hours from the hour rows, their ragged ends from the minute rows.
 */
final class SloWindows {

    private final Connection c;

    SloWindows(Connection c) {
        this.c = c;
    }

    /**
     * Good and total of every SLO over each span {@code [from, at)}: the whole hours of a span from
     * the hour rows, its ragged ends from the minute rows, in two grouped queries whatever the number
     * of SLOs or the length of the spans. Answers, per SLO, the sums in the order of {@code froms}.
     */
    Map<String, long[][]> sums(List<Long> froms, long at) throws SQLException {
        // At most 100 spans (200 sums) a query: a select list stays far below the database's limits.
        Map<String, long[][]> sums = new HashMap<>();
        for (int start = 0; start < froms.size(); start += 100) {
            List<Long> chunk = froms.subList(start, Math.min(froms.size(), start + 100));
            for (var entry : chunkSums(chunk, at).entrySet()) {
                long[][] all = sums.computeIfAbsent(entry.getKey(), k -> new long[froms.size()][2]);
                System.arraycopy(entry.getValue(), 0, all, start, chunk.size());
            }
        }
        return sums;
    }

    private Map<String, long[][]> chunkSums(List<Long> froms, long at) throws SQLException {
        long atHour = Math.floorDiv(at, 60) * 60;
        List<long[]> minuteRanges = new ArrayList<>();
        List<List<long[]>> spanMinutes = new ArrayList<>();
        List<long[]> spanHours = new ArrayList<>();
        for (long from : froms) {
            long fromHour = Math.floorDiv(from + 59, 60) * 60;
            List<long[]> ranges = new ArrayList<>();
            if (fromHour >= atHour) {
                ranges.add(new long[] {from, at});
                spanHours.add(null);
            } else {
                ranges.add(new long[] {from, fromHour});
                ranges.add(new long[] {atHour, at});
                spanHours.add(new long[] {fromHour, atHour});
            }
            ranges.removeIf(r -> r[0] >= r[1]);
            spanMinutes.add(ranges);
            minuteRanges.addAll(ranges);
        }
        Map<String, long[][]> sums = new HashMap<>();
        if (!minuteRanges.isEmpty()) {
            StringBuilder select = new StringBuilder("select slo_id");
            for (List<long[]> ranges : spanMinutes) {
                String in = ranges.isEmpty() ? "1 = 0" : String.join(" or ", ranges.stream().map(SloWindows::between).toList());
                select.append(", sum(case when ").append(in).append(" then good else 0 end)");
                select.append(", sum(case when ").append(in).append(" then total else 0 end)");
            }
            select.append(" from ops_slo_minute where ")
                    .append(String.join(" or ", merged(minuteRanges).stream().map(SloWindows::between).toList()))
                    .append(" group by slo_id");
            read(select.toString(), froms.size(), sums, 0);
        }
        long lowest = spanHours.stream().filter(h -> h != null).mapToLong(h -> h[0]).min().orElse(Long.MAX_VALUE);
        if (lowest != Long.MAX_VALUE) {
            StringBuilder select = new StringBuilder("select slo_id");
            for (long[] hours : spanHours) {
                String in = hours == null ? "1 = 0" : "at_hour >= " + hours[0] + " and at_hour < " + hours[1];
                select.append(", sum(case when ").append(in).append(" then good else 0 end)");
                select.append(", sum(case when ").append(in).append(" then total else 0 end)");
            }
            select.append(" from ops_slo_hour where at_hour >= ").append(lowest).append(" and at_hour < ").append(atHour)
                    .append(" group by slo_id");
            read(select.toString(), froms.size(), sums, 1);
        }
        return sums;
    }

    private static String between(long[] range) {
        return "(at_minute >= " + range[0] + " and at_minute < " + range[1] + ")";
    }

    /** Overlapping or touching ranges joined, so the scan's condition stays short. */
    private static List<long[]> merged(List<long[]> ranges) {
        TreeMap<Long, Long> byStart = new TreeMap<>();
        for (long[] range : ranges) {
            byStart.merge(range[0], range[1], Math::max);
        }
        List<long[]> merged = new ArrayList<>();
        for (var entry : byStart.entrySet()) {
            long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && entry.getKey() <= last[1]) {
                last[1] = Math.max(last[1], entry.getValue());
            } else {
                merged.add(new long[] {entry.getKey(), entry.getValue()});
            }
        }
        return merged;
    }

    private void read(String sql, int spans, Map<String, long[][]> into, int pass) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                long[][] sums = into.computeIfAbsent(r.getString(1), k -> new long[spans][2]);
                for (int i = 0; i < spans; i++) {
                    sums[i][0] += r.getLong(2 + 2 * i);
                    sums[i][1] += r.getLong(3 + 2 * i);
                }
            }
        }
    }
}
