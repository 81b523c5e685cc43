package dev.vigil.web.guard;

import dev.vigil.kernel.api.VigilException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Map;

/**
 * {@code 400 invalid_request} for a path or query parameter holding U+0000 ({@code %00}) once
 * decoded. No Vigil value contains one, and PostgreSQL refuses it in any text parameter: without
 * this guard a filter such as {@code ?app=%00} failed as a database error (500) on PostgreSQL and
 * found nothing on H2. Checked once here, for every resource, before anything uses the values.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 200)
public class NoNulInAddress implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        UriInfo uri = request.getUriInfo();
        if (uri.getPath(true).indexOf('\u0000') >= 0) {
            throw VigilException.invalid("The path holds U+0000 (%00)");
        }
        for (Map.Entry<String, List<String>> parameter : uri.getQueryParameters(true).entrySet()) {
            if (parameter.getKey().indexOf('\u0000') >= 0
                    || parameter.getValue().stream().anyMatch(v -> v.indexOf('\u0000') >= 0)) {
                throw VigilException.invalid("The query parameter '" + printable(parameter.getKey())
                        + "' holds U+0000 (%00)");
            }
        }
    }

    private static String printable(String name) {
        String shown = name.replace('\u0000', '?');
        return shown.length() > 64 ? shown.substring(0, 64) + "..." : shown;
    }
}
