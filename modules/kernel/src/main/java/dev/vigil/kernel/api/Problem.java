package dev.vigil.kernel.api;

import java.util.List;
import java.util.Objects;

/**
 * An RFC 9457 problem detail with Vigil's taxonomy code. {@code errors} lists field-level
 * violations (empty when there are none).
 */
public record Problem(String type, String title, int status, String detail, String code, String instance,
                      List<FieldError> errors) {

    /** Media type of every error body Vigil sends. */
    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        Objects.requireNonNull(code, "code");
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static Problem of(ErrorCode code, String detail, String instance) {
        return of(code, detail, instance, List.of());
    }

    public static Problem of(ErrorCode code, String detail, String instance, List<FieldError> errors) {
        return of(code, code.status(), detail, instance, errors);
    }

    /** A problem whose HTTP status differs from the code's usual one (e.g. 406 as invalid_request). */
    public static Problem of(ErrorCode code, int status, String detail, String instance, List<FieldError> errors) {
        return new Problem("urn:vigil:problem:" + code.code(), code.title(), status, detail, code.code(), instance,
                errors);
    }

    /** One invalid field: where it is and what is wrong with it. */
    public record FieldError(String field, String message) {
    }
}
