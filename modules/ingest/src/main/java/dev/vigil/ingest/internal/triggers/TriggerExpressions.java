package dev.vigil.ingest.internal.triggers;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelLateFunctionBindings;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.vigil.kernel.api.Durations;
import dev.vigil.kernel.api.VigilException;
import java.time.Duration;
import java.util.Map;

/**
 * Rollback-trigger conditions in Google's Common Expression Language (CEL): a boolean expression
 * over four functions of the app version being evaluated,
 * <ul>
 * <li>{@code increase("sync_queue_block_events", "15m")}: the signal's (or alias's) sum over the
 *     last whole minutes of the window (PromQL's {@code increase(x[15m])});</li>
 * <li>{@code total("capture_persistence_fallback_failures")}: its sum since the version first
 *     reported (seed 001's "after client deploy");</li>
 * <li>{@code sessions("30m")}: sessions started in the window;</li>
 * <li>{@code crash_free_sessions("30m")}: their crash-free share in percent (100 with no sessions).</li>
 * </ul>
 * Integers and doubles compare with each other ({@code crash_free_sessions("30m") < 99}). Windows
 * are 1 minute to 7 days. The standard CEL library (arithmetic, {@code &&}, {@code ||}, {@code !},
 * ternaries) is there; nothing else is: an expression reads no variables, calls nothing outside.
 */
public final class TriggerExpressions {

    static final int MAX_LENGTH = 2_000;
    static final Duration LONGEST_WINDOW = Duration.ofDays(7);

    private static final CelOptions OPTIONS = CelOptions.current().enableHeterogeneousNumericComparisons(true)
            .maxParseRecursionDepth(32).build();
    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder().setOptions(OPTIONS)
            .addFunctionDeclarations(
                    CelFunctionDecl.newFunctionDeclaration("increase", CelOverloadDecl.newGlobalOverload(
                            "increase_string_string", SimpleType.INT, SimpleType.STRING, SimpleType.STRING)),
                    CelFunctionDecl.newFunctionDeclaration("total", CelOverloadDecl.newGlobalOverload(
                            "total_string", SimpleType.INT, SimpleType.STRING)),
                    CelFunctionDecl.newFunctionDeclaration("sessions", CelOverloadDecl.newGlobalOverload(
                            "sessions_string", SimpleType.INT, SimpleType.STRING)),
                    CelFunctionDecl.newFunctionDeclaration("crash_free_sessions", CelOverloadDecl.newGlobalOverload(
                            "crash_free_sessions_string", SimpleType.DOUBLE, SimpleType.STRING)))
            .setResultType(SimpleType.BOOL).build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();

    private TriggerExpressions() {
    }

    /** A checked expression, ready to evaluate against any version's signals. */
    public record Compiled(String text, CelRuntime.Program program) {
    }

    /**
     * Parses and type-checks an expression, then evaluates it once against telemetry of ones (every
     * sum 1, one session, none crashed), so that a bad window is refused now rather than at its first
     * minute: {@code 400 invalid_request} with CEL's message.
     */
    public static Compiled compile(String text) {
        if (text == null || text.isBlank() || text.length() > MAX_LENGTH) {
            throw VigilException.invalid("expression: a CEL expression of 1 to " + MAX_LENGTH + " characters");
        }
        Compiled compiled;
        try {
            CelAbstractSyntaxTree ast = COMPILER.compile(text).getAst();
            compiled = new Compiled(text, RUNTIME.createProgram(ast));
        } catch (CelValidationException | CelEvaluationException e) {
            throw VigilException.invalid("expression: " + clip(e.getMessage()));
        } catch (RuntimeException e) {
            throw VigilException.invalid("expression: cannot be compiled: " + clip(String.valueOf(e.getMessage())));
        }
        try {
            evaluate(compiled, ONES);
        } catch (Failure e) {
            throw VigilException.invalid("expression: " + e.getMessage());
        }
        return compiled;
    }

    /** Whether the condition holds for these signals; {@link Failure} when it cannot be evaluated. */
    public static boolean evaluate(Compiled compiled, TriggerSignals signals) {
        CelLateFunctionBindings functions = CelLateFunctionBindings.from(
                CelFunctionBinding.from("increase_string_string", String.class, String.class,
                        (signal, window) -> signals.increase(signal, window(window))),
                CelFunctionBinding.from("total_string", String.class, signals::total),
                CelFunctionBinding.from("sessions_string", String.class, window -> signals.sessions(window(window))[0]),
                CelFunctionBinding.from("crash_free_sessions_string", String.class, window -> {
                    long[] sessions = signals.sessions(window(window));
                    return sessions[0] == 0 ? 100.0 : 100.0 * (sessions[0] - sessions[1]) / sessions[0];
                }));
        try {
            return Boolean.TRUE.equals(compiled.program().eval(Map.of(), functions));
        } catch (CelEvaluationException e) {
            throw new Failure(clip(e.getMessage()), e);
        } catch (RuntimeException e) {
            throw new Failure(clip(String.valueOf(e.getMessage())), e);
        }
    }

    private static Duration window(String text) {
        Duration window;
        try {
            window = Durations.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("window \"" + clip(text) + "\" is not a duration like 15m, 1h or 1d");
        }
        if (window.compareTo(Duration.ofMinutes(1)) < 0 || window.compareTo(LONGEST_WINDOW) > 0) {
            throw new IllegalArgumentException("window \"" + clip(text) + "\" must be 1 minute to 7 days");
        }
        return window;
    }

    /** An expression that could not be evaluated (a bad window, an overflow, a division by zero). */
    public static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final TriggerSignals ONES = new TriggerSignals() {
        @Override
        public long increase(String signal, Duration window) {
            return 1;
        }

        @Override
        public long total(String signal) {
            return 1;
        }

        @Override
        public long[] sessions(Duration window) {
            return new long[] {1, 0};
        }
    };

    private static String clip(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
