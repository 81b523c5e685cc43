package dev.vigil.testing;

import dev.vigil.testing.ApiOperations.Operation;
import dev.vigil.testing.ApiOperations.Parameter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generates malformed requests against the operations of the OpenAPI document, reproducibly from
 * a seed: hostile bodies ({@link BodyMutations}), headers ({@link HeaderMutations}) and request
 * lines ({@link TargetMutations}), one or two per request, under a mix of callers. Every request
 * comes from its own made-up client address (the server believes {@code X-Forwarded-For} from
 * loopback), so per-address limits do not turn the run into a wall of 429s.
 */
public final class MalformedRequests extends Mutations {

    /**
     * Who a request claims to be: {@code authorization} is the header value, or null for none.
     * {@code weight} is how often it calls an operation, {@code loginWeight} how often it calls one
     * that admits members and admins. A {@code login} caller (HTTP Basic) is costly for the server
     * (a password hash per request), so it gets the mutations that need an admitted caller to
     * reach deep code: bodies, queries, paths, content types and idempotency keys.
     */
    public record Caller(String name, String authorization, int weight, int loginWeight, boolean login) {
    }

    /** One generated request and what was done to it. {@code framingLie}: its framing is deliberately wrong. */
    public record Case(int index, String operation, String caller, List<String> mutations, WireRequest request,
                       boolean framingLie) {

        public String describe() {
            return "#" + index + " " + operation + " as " + caller + " " + mutations;
        }
    }

    private final List<Operation> operations;
    private final List<Caller> callers;
    private final Map<String, String> fixtures;
    private final int port;
    private final BodyMutations bodies;
    private final HeaderMutations headers;
    private final TargetMutations targets;

    public MalformedRequests(List<Operation> operations, List<Caller> callers, Map<String, String> fixtures, int port,
                             long seed) {
        super(new Random(seed));
        this.operations = operations;
        this.callers = callers;
        this.fixtures = fixtures;
        this.port = port;
        this.bodies = new BodyMutations(random);
        this.headers = new HeaderMutations(random);
        this.targets = new TargetMutations(random, fixtures, port);
    }

    public List<Case> next(int count, int firstIndex) {
        List<Case> cases = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            cases.add(one(firstIndex + i));
        }
        return cases;
    }

    /**
     * A sweep before the random requests: every operation, as a caller it admits, gets the most
     * hostile values in each of its query and path parameters and each hostile kind of body, so
     * that what random draws would reach rarely (a deep parameter of an admin-only operation) is
     * covered on every run.
     */
    public List<Case> sweep(int firstIndex, Caller admitted, Caller app, Caller anonymous) {
        List<Case> cases = new ArrayList<>();
        for (Operation op : operations) {
            Caller caller = op.admitsLogin() ? admitted : op.schemes().contains("appKey") ? app : anonymous;
            for (Parameter p : op.in("query")) {
                for (String value : TargetMutations.sweepValues(p)) {
                    Draft d = draft(firstIndex + cases.size(), op, caller);
                    targets.query(d, p.name(), value);
                    cases.add(finish(d));
                }
            }
            for (Parameter p : op.in("path")) {
                for (String segment : TargetMutations.SWEEP_SEGMENTS) {
                    Draft d = draft(firstIndex + cases.size(), op, caller);
                    targets.pathParameter(d, p.name(), segment);
                    cases.add(finish(d));
                }
            }
            if (op.takesBody()) {
                for (String kind : BodyMutations.SWEEP) {
                    Draft d = draft(firstIndex + cases.size(), op, caller);
                    bodies.sweep(d, kind);
                    cases.add(finish(d));
                }
            }
        }
        return cases;
    }

    private Draft draft(int index, Operation op, Caller caller) {
        Draft d = new Draft(index, op);
        d.caller = caller.name();
        d.request = base(d, caller);
        d.request.path = fillPath(op.path(), true);
        return d;
    }

    private static Case finish(Draft d) {
        return new Case(d.index, d.op.toString(), d.caller, List.copyOf(d.mutations), d.request, d.framingLie);
    }

    private Case one(int index) {
        boolean offDocument = chance(0.03);
        Operation op = offDocument ? targets.offDocumentTarget() : pick(operations);
        Draft d = new Draft(index, op);
        Caller caller = weighted(callers, op.admitsLogin());
        d.caller = caller.name();
        d.request = base(d, caller);
        int rounds = chance(0.25) ? 2 : 1;
        if (offDocument) {
            d.mutations.add("path:off-document");
            rounds = chance(0.5) ? 1 : 0;
        }
        for (int i = 0; i < rounds; i++) {
            mutate(d, caller.login());
        }
        return new Case(index, op.toString(), d.caller, List.copyOf(d.mutations), d.request, d.framingLie);
    }

    private WireRequest base(Draft d, Caller caller) {
        Operation op = d.op;
        WireRequest r = new WireRequest(op.method(), fillPath(op.path(), chance(0.6)));
        r.header("Host", "localhost:" + port);
        r.header("X-Forwarded-For", clientAddress(d.index));
        r.header("Connection", "close");
        if (chance(0.5)) {
            r.header("Accept", "application/json");
        }
        String authorization = caller.name().equals("bad key") ? "Bearer " + madeUpKey() : caller.authorization();
        if (authorization != null) {
            r.header("Authorization", authorization);
        }
        if (op.takesBody()) {
            r.header("Content-Type", "application/json");
            r.body = unique(op.example(), d.index).getBytes(StandardCharsets.UTF_8);
        }
        return r;
    }

    /** One made-up client per request, from the benchmarking range 198.18.0.0/15. */
    private static String clientAddress(int index) {
        int n = index & 0x1ffff;
        return "198." + (18 + (n >> 16)) + "." + ((n >> 8) & 0xff) + "." + (n & 0xff);
    }

    private String fillPath(String template, boolean live) {
        Matcher m = Pattern.compile("\\{([^}]+)}").matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = live ? fixtures.get(m.group(1)) : null;
            if (value == null) {
                value = chance(0.5) ? java.util.UUID.randomUUID().toString() : "fuzz-" + Integer.toString(random.nextInt(1 << 20), 36);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }
    private void mutate(Draft d, boolean deepOnly) {
        while (true) {
            int roll = random.nextInt(100);
            if (deepOnly && (roll >= 40 && roll < 59 || roll >= 64 && roll < 72)) {
                continue;
            }
            if (roll < 30) {
                if (d.op.takesBody() || chance(0.2)) {
                    bodies.apply(d);
                    return;
                }
            } else if (roll < 40) {
                headers.contentType(d);
                return;
            } else if (roll < 45) {
                headers.framing(d);
                return;
            } else if (roll < 49) {
                headers.hugeHeaders(d);
                return;
            } else if (roll < 59) {
                headers.authorization(d);
                return;
            } else if (roll < 64) {
                headers.idempotencyKey(d);
                return;
            } else if (roll < 72) {
                targets.method(d);
                return;
            } else if (roll < 86) {
                if (d.op.path().contains("{") || chance(0.3)) {
                    targets.pathParameter(d);
                    return;
                }
            } else {
                targets.query(d);
                return;
            }
        }
    }
    private Caller weighted(List<Caller> list, boolean login) {
        int total = list.stream().mapToInt(c -> login ? c.loginWeight() : c.weight()).sum();
        int roll = random.nextInt(total);
        for (Caller c : list) {
            roll -= login ? c.loginWeight() : c.weight();
            if (roll < 0) {
                return c;
            }
        }
        throw new IllegalStateException();
    }
}
