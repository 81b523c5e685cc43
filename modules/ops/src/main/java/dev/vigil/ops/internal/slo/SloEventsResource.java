package dev.vigil.ops.internal.slo;

import dev.vigil.kernel.api.Audience;
import dev.vigil.kernel.api.Audience.Who;
import dev.vigil.kernel.api.VigilException;
import dev.vigil.limits.api.RateLimited;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * An app's good/total events per minute for its events SLO. Idempotent per minute and source: a
 * minute pushed again by the same source replaces what it pushed before, so a retried push counts
 * once and a corrected one counts as corrected. Minutes in the past are taken back to the start of
 * the SLO's period, so history can be loaded before a backtest.
 */
@Path("/v1/slos/{slo}/events")
@Produces(MediaType.APPLICATION_JSON)
@Audience(Who.APP)
@Tag(name = "SLO events")
@SecurityRequirement(name = "appKey")
public class SloEventsResource {

    static final int MAX_MINUTES = 1440;
    private static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    @Inject
    SloBook book;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RateLimited(policy = "slo-events", key = RateLimited.KeyKind.APP)
    @Operation(summary = "Push good/total events per minute (at most 1440 minutes a call) for the app's events SLO;"
            + " the same minute and source again replaces, never adds")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "two minutes", value = "{\"source\": \"ios\", \"minutes\": ["
                    + "{\"at\": \"2026-12-01T10:00:00Z\", \"good\": 998, \"total\": 1000},"
                    + " {\"at\": \"2026-12-01T10:01:00Z\", \"good\": 1000, \"total\": 1000}]}")))
    public Map<String, Object> push(@PathParam("slo") String slo, JsonStructure body) {
        if (!(body instanceof JsonObject json) || !(json.get("minutes") instanceof JsonArray minutes)) {
            throw VigilException.invalid("Send {\"source\": \"...\", \"minutes\": [{\"at\": \"<ISO minute>\", \"good\": n,"
                    + " \"total\": n}]}");
        }
        for (String field : json.keySet()) {
            if (!field.equals("source") && !field.equals("minutes")) {
                throw VigilException.invalid("unknown field '" + field + "' (known: source, minutes)");
            }
        }
        String source = "default";
        if (json.containsKey("source")) {
            if (!(json.get("source") instanceof JsonString s) || !SOURCE.matcher(s.getString()).matches()) {
                throw VigilException.invalid("source must be 1 .. 64 letters, digits, '.', '_', ':' or '-'");
            }
            source = s.getString();
        }
        if (minutes.isEmpty() || minutes.size() > MAX_MINUTES) {
            throw VigilException.invalid("minutes must hold 1 .. " + MAX_MINUTES + " entries");
        }
        List<SloBook.Pushed> pushed = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < minutes.size(); i++) {
            JsonValue value = minutes.get(i);
            if (!(value instanceof JsonObject minute)) {
                throw VigilException.invalid("minutes[" + i + "] must be {\"at\": \"<ISO minute>\", \"good\": n, \"total\": n}");
            }
            long g = SlosAdminResource.count(minute.get("good"));
            long t = SlosAdminResource.count(minute.get("total"));
            if (g < 0 || t < 0 || g > t) {
                throw VigilException.invalid("minutes[" + i + "]: 0 <= good <= total <= 1000000000");
            }
            long at = SlosAdminResource.minuteOf(minute, "at");
            if (!seen.add(at)) {
                throw VigilException.invalid("minutes[" + i + "]: minute " + SloViews.minute(at) + " is given twice");
            }
            pushed.add(new SloBook.Pushed(at, g, t));
        }
        int changed = book.push(slo, source, pushed);
        return Map.of("minutes", pushed.size(), "changed", changed);
    }
}
