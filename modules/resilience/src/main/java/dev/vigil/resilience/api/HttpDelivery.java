package dev.vigil.resilience.api;

import dev.vigil.resilience.internal.OneLine;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * One attempt of an HTTP POST through a dependency, as a queued job makes it: the job's id goes in
 * {@code X-Vigil-Delivery} on every attempt, so a receiver can drop a repeat. No redirects are
 * followed; at most 8 KiB of an answer is read, and only of one that is no success. What the
 * receiver's answer means:
 * <ul>
 *   <li>2xx: delivered;</li>
 *   <li>408, 429 and 5xx, a refused or reset connection, a timeout: a transient failure, which also
 *       counts against the dependency's breaker; a {@code Retry-After} in seconds is honoured;</li>
 *   <li>any other status (a 4xx, a 3xx): a permanent failure, which does not count against the
 *       breaker (the receiver is up and refuses this delivery).</li>
 * </ul>
 */
public final class HttpDelivery {

    public static final String DELIVERY_HEADER = "X-Vigil-Delivery";
    public static final String ATTEMPT_HEADER = "X-Vigil-Attempt";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** A backstop until the headers come; the dependency's {@code @Timeout} bounds the whole call. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
            .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();
    /** The most of a receiver's answer read: enough for an error's detail, never a flood into memory. */
    private static final int MAX_BODY_BYTES = 8_192;
    private static final int MAX_DETAIL = 200;

    private HttpDelivery() {
    }

    /** The receiver's status, after a delivered attempt. */
    public record Delivered(int status) {
    }

    /** Thrown inside the breaker for an answer that should be tried again. */
    /** A receiver's status and the start of its body. */
    private record Answer(int status, String body) {
    }

    static final class RetryableAnswer extends IOException {
        final int status;
        final transient Duration retryAfter;

        RetryableAnswer(int status, Duration retryAfter, String body) {
            super("receiver answered " + status + (body.isEmpty() ? "" : ": " + body));
            this.status = status;
            this.retryAfter = retryAfter;
        }
    }

    /**
     * Posts {@code body} to {@code target} once.
     *
     * @throws DeliveryFailure when the attempt failed (permanent or transient, as above)
     * @throws DependencyUnavailable when the breaker is open or the bulkhead full
     */
    public static Delivered post(Dependencies dependencies, String dependency, URI target, String contentType,
            Map<String, String> headers, String body, QueuedJob job) {
        HttpRequest request;
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(target).timeout(REQUEST_TIMEOUT);
            headers.forEach((name, value) -> {
                if (name.equalsIgnoreCase(DELIVERY_HEADER) || name.equalsIgnoreCase(ATTEMPT_HEADER)) {
                    throw new IllegalArgumentException("header " + name + " is set by the delivery itself");
                }
                builder.setHeader(name, value);
            });
            request = builder.setHeader("Content-Type", contentType)
                    .setHeader("User-Agent", "Vigil")
                    .setHeader(DELIVERY_HEADER, job.id())
                    .setHeader(ATTEMPT_HEADER, Integer.toString(job.attempt()))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        } catch (IllegalArgumentException e) {
            throw DeliveryFailure.permanent("not a valid request: " + e.getMessage());
        }
        Answer answer;
        try {
            answer = dependencies.call(dependency, () -> {
                HttpResponse<InputStream> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
                int status = response.statusCode();
                boolean delivered = status >= 200 && status < 300;
                String start;
                try (InputStream in = response.body()) {
                    start = delivered ? "" : new String(in.readNBytes(MAX_BODY_BYTES), StandardCharsets.UTF_8);
                }
                if (status == 408 || status == 429 || status >= 500) {
                    throw new RetryableAnswer(status, retryAfter(response), clip(start));
                }
                return new Answer(status, start);
            });
        } catch (DependencyUnavailable e) {
            throw e;
        } catch (RetryableAnswer e) {
            throw new DeliveryFailure(e.getMessage(), false, e.retryAfter, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryFailure("interrupted", false, null, e);
        } catch (Exception e) {
            String message = e.getMessage();
            throw new DeliveryFailure(e.getClass().getSimpleName() + (message == null ? "" : ": " + clip(message)),
                    false, null, e);
        }
        if (answer.status() >= 200 && answer.status() < 300) {
            return new Delivered(answer.status());
        }
        throw DeliveryFailure.permanent("receiver answered " + answer.status() + ": " + clip(answer.body()));
    }

    private static Duration retryAfter(HttpResponse<?> answer) {
        Optional<String> value = answer.headers().firstValue("Retry-After");
        if (value.isEmpty()) {
            return null;
        }
        try {
            long seconds = Long.parseLong(value.get().trim());
            return seconds < 0 ? null : Duration.ofSeconds(Math.min(seconds, 3600));
        } catch (NumberFormatException e) {
            return null; // an HTTP date: the backoff decides
        }
    }

    /** The start of a text from the receiver, cut first, then every control character a space. */
    private static String clip(String text) {
        return text == null ? "" : OneLine.of(text, MAX_DETAIL);
    }
}
