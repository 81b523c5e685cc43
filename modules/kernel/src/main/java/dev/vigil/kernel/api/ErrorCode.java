package dev.vigil.kernel.api;

import java.util.Arrays;
import java.util.Optional;

/**
 * The one closed taxonomy of error codes Vigil answers with (see DESIGN.md). Each code has a usual
 * HTTP status; a few statuses without a code of their own (406, 409, 411) answer with
 * {@code invalid_request} and their own status.
 */
public enum ErrorCode {
    INVALID_JSON("invalid_json", 400, "The body is not valid JSON"),
    INVALID_REQUEST("invalid_request", 400, "The request is not valid"),
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415, "The content type is not supported"),
    PAYLOAD_TOO_LARGE("payload_too_large", 413, "The body is too large"),
    UNAUTHORIZED("unauthorized", 401, "Authentication is required"),
    FORBIDDEN("forbidden", 403, "Not allowed"),
    NOT_FOUND("not_found", 404, "Not found"),
    METHOD_NOT_ALLOWED("method_not_allowed", 405, "Method not allowed"),
    RATE_LIMITED("rate_limited", 429, "Too many requests"),
    IDEMPOTENCY_KEY_MISSING("idempotency_key_missing", 400, "An Idempotency-Key header is required"),
    IDEMPOTENCY_IN_FLIGHT("idempotency_in_flight", 409, "The original request is still in flight"),
    IDEMPOTENCY_MISMATCH("idempotency_mismatch", 422, "The Idempotency-Key was used with a different body"),
    DEPENDENCY_UNAVAILABLE("dependency_unavailable", 503, "A dependency is unavailable"),
    QUEUE_SATURATED("queue_saturated", 503, "The queue is saturated"),
    MISCONFIGURED("misconfigured", 500, "Vigil is misconfigured"),
    INTERNAL_ERROR("internal_error", 500, "Internal error");

    /** Header that repeats the code so it can be read without parsing the body. */
    public static final String HEADER = "X-Vigil-Error-Code";

    private final String code;
    private final int status;
    private final String title;

    ErrorCode(String code, int status, String title) {
        this.code = code;
        this.status = status;
        this.title = title;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The code a bare HTTP status stands for, when nothing more specific is known. */
    public static ErrorCode forStatus(int status) {
        return switch (status) {
            case 400 -> INVALID_REQUEST;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> RATE_LIMITED;
            case 502, 503, 504 -> DEPENDENCY_UNAVAILABLE;
            default -> status >= 400 && status < 500 ? INVALID_REQUEST : INTERNAL_ERROR;
        };
    }

    public static Optional<ErrorCode> fromCode(String code) {
        return Arrays.stream(values()).filter(c -> c.code.equals(code)).findFirst();
    }
}
