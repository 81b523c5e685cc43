package dev.vigil.kernel.api;

/**
 * Told of every API request served, by the web module's metrics filter: a module that measures
 * Vigil's own traffic (the SLOs of its API) implements this as a CDI bean. It is called on the
 * request's thread, so it must only count, never wait.
 */
public interface ServedRequests {

    /**
     * @param route the route template ({@code /api/v1/reports/{id}}), never the raw path; {@code unmatched} when none
     * @param status the status answered
     * @param nanos how long the request took
     */
    void served(String route, String method, int status, long nanos);
}
