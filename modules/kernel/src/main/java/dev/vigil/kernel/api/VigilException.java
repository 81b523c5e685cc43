package dev.vigil.kernel.api;

import java.util.List;

/**
 * A failure that already knows how it is answered: its taxonomy code and a detail that is safe to
 * show the caller (never internals, never secrets).
 */
public class VigilException extends RuntimeException {

    private final ErrorCode code;
    private final int status;
    private final transient List<Problem.FieldError> errors;

    public VigilException(ErrorCode code, String detail) {
        this(code, detail, List.of(), null);
    }

    public VigilException(ErrorCode code, String detail, Throwable cause) {
        this(code, detail, List.of(), cause);
    }

    public VigilException(ErrorCode code, String detail, List<Problem.FieldError> errors, Throwable cause) {
        this(code, code.status(), detail, errors, cause);
    }

    /** A failure answered with another status than its code's usual one (a schema violation: 422 invalid_request). */
    public VigilException(ErrorCode code, int status, String detail, List<Problem.FieldError> errors, Throwable cause) {
        super(detail, cause);
        this.code = code;
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    public ErrorCode code() {
        return code;
    }

    /** The HTTP status of the answer. */
    public int status() {
        return status;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    public static VigilException notFound(String what) {
        return new VigilException(ErrorCode.NOT_FOUND, what + " not found");
    }

    public static VigilException invalid(String detail) {
        return new VigilException(ErrorCode.INVALID_REQUEST, detail);
    }
}
