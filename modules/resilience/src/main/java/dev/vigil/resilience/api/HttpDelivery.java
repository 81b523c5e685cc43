package dev.vigil.resilience.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * One attempt of an HTTP POST through a dependency, as a queued job makes it: the job's id goes in
 * {@code X-Vigil-Delivery} on every attempt, so a receiver can drop a repeat. No redirects are
 * followed. What the receiver's answer means:
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
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private static final int MAX_DETAIL = 200;

    private HttpDelivery() {
    }

    /** The receiver's status, after a delivered attempt. */
    public record Delivered(int status) {
    }

    /** Thrown inside the breaker for an answer that should be tried again. */
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
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", contentType)
                .header("User-Agent", "Vigil")
                .header(DELIVERY_HEADER, job.id())
                .header(ATTEMPT_HEADER, Integer.toString(job.attempt()))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        HttpResponse<String> response;
        try {
            response = dependencies.call(dependency, () -> {
                HttpResponse<String> answer = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
                int status = answer.statusCode();
                if (status == 408 || status == 429 || status >= 500) {
                    throw new RetryableAnswer(status, retryAfter(answer), clip(answer.body()));
                }
                return answer;
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
            throw new DeliveryFailure(e.getClass().getSimpleName() + (message == null ? "" : ": " + message),
                    false, null, e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new Delivered(status);
        }
        throw DeliveryFailure.permanent("receiver answered " + status + ": " + clip(response.body()));
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

    private static String clip(String body) {
        String text = body == null ? "" : body.replaceAll("[\\r\\n\\t]+", " ").strip();
        return text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL);
    }
}
