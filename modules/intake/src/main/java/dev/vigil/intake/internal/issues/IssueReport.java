package dev.vigil.intake.internal.issues;

import jakarta.json.JsonObject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/**
 * What an app sends with "Report issue": a summary, what the user wrote, the client's recent
 * reliability events, its upload-queue snapshot, flags and metadata. Every size and count is
 * bounded here; the free-form objects ({@code uploadQueue}, {@code flags}, {@code metadata},
 * event {@code attributes}) by {@link FreeFormLimits}.
 */
public record IssueReport(
        @NotBlank @Size(max = 200) String summary,
        @Size(max = 10_000) String description,
        @Size(min = 1, max = 100) @Pattern(regexp = "[A-Za-z0-9._:-]+") String clientReportId,
        @Size(max = 10) List<@NotBlank @Size(max = 200) String> fingerprint,
        @Valid AppInfo app,
        @Valid DeviceInfo device,
        @Size(max = MAX_EVENTS) List<@NotNull @Valid ReliabilityEvent> events,
        JsonObject uploadQueue,
        JsonObject flags,
        JsonObject metadata) {

    public static final int MAX_EVENTS = 500;

    /** The app build that sent the report. */
    public record AppInfo(
            @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._+-]*") String version,
            @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._+-]*") String build,
            @Size(max = 32) String channel) {
    }

    /** The device it ran on. */
    public record DeviceInfo(
            @Size(max = 100) String model,
            @Size(max = 32) String os,
            @Size(max = 32) String osVersion,
            @Size(max = 35) @Pattern(regexp = "[A-Za-z0-9_-]*") String locale) {
    }

    /** One client reliability event, e.g. {@code upload.retry} or {@code edge.model.fallback_used}. */
    public record ReliabilityEvent(
            @NotBlank @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9._:/-]+") String type,
            @NotNull Instant at,
            JsonObject attributes) {
    }

    /** Never the contents: they may hold secrets until redacted. */
    @Override
    public String toString() {
        return "IssueReport[clientReportId=" + clientReportId + ", events=" + (events == null ? 0 : events.size()) + "]";
    }
}
