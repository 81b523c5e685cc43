package dev.vigil.intake.internal.webhooks;

import dev.vigil.kernel.api.AuditTrail;
import dev.vigil.kernel.api.Caller;
import dev.vigil.kernel.api.Ids;
import dev.vigil.kernel.api.Transactional;
import dev.vigil.kernel.api.VigilException;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Admins register webhook senders, rotate their secrets and read their deliveries. */
@Path("/v1/admin/webhook-sources")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin: webhooks")
@SecurityRequirement(name = "userLogin")
public class WebhookSourcesResource {

    static final int MAX_DELIVERIES = 500;

    @Inject
    WebhookData store;

    @Inject
    SealedSecrets secrets;

    @Inject
    AuditTrail audit;

    @Inject
    Caller caller;

    @Inject
    Clock clock;

    public record NewSource(
            @NotNull @Size(min = 2, max = 64) @Pattern(regexp = WebhookReceiver.NAME_PATTERN) String name,
            @NotNull @Pattern(regexp = "vigil|github|slack") String scheme,
            @NotNull @Size(min = 16, max = 256) String secret) {

        @Override
        public String toString() {
            return "NewSource[name=" + name + ", scheme=" + scheme + "]";
        }
    }

    public record NewSecret(@NotNull @Size(min = 16, max = 256) String secret) {

        @Override
        public String toString() {
            return "NewSecret[...]";
        }
    }

    /** A source as admins see it: never its secret. */
    public record SourceView(String id, String name, String scheme, Instant createdAt, String createdBy) {

        static SourceView of(WebhookData.Source source) {
            return new SourceView(source.id(), source.name(), source.scheme().label(), source.createdAt(),
                    source.createdBy());
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Register a webhook source; its secret is stored sealed and never shown again")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "github",
                    value = "{\"name\": \"github-ci\", \"scheme\": \"github\", \"secret\": \"It's a Secret to Everybody\"}")))
    public Response create(@Valid @NotNull NewSource body) {
        if (store.source(body.name()).isPresent()) {
            throw VigilException.invalid("A webhook source named " + body.name() + " exists");
        }
        var source = new WebhookData.Source(Ids.newId(), body.name(), SignatureScheme.parse(body.scheme()).orElseThrow(),
                secrets.seal(body.secret()), clock.instant(), caller.actor());
        store.insertSource(source);
        audit.record(caller, "webhook-source.create", source.id(), source.name() + " (" + source.scheme().label() + ")");
        return Response.status(Response.Status.CREATED).entity(SourceView.of(source)).build();
    }

    @GET
    @Operation(summary = "Registered webhook sources (without secrets)")
    public List<SourceView> list() {
        return store.sources().stream().map(SourceView::of).toList();
    }

    @PUT
    @Path("{name}/secret")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Replace a source's signing secret (after rotating it at the provider)")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "secret", value = "{\"secret\": \"a-new-long-random-secret\"}")))
    public Response rotate(@PathParam("name") String name, @Valid @NotNull NewSecret body) {
        WebhookData.Source source = store.source(name).orElseThrow(() -> VigilException.notFound("Webhook source"));
        store.replaceSecret(name, secrets.seal(body.secret()));
        audit.record(caller, "webhook-source.rotate-secret", source.id(), source.name());
        return Response.noContent().build();
    }

    @GET
    @Path("{name}/deliveries")
    @Operation(summary = "A source's recent accepted deliveries, newest first")
    public List<WebhookData.Delivery> deliveries(@PathParam("name") String name,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        WebhookData.Source source = store.source(name).orElseThrow(() -> VigilException.notFound("Webhook source"));
        return store.deliveries(source.id(), Math.max(1, Math.min(limit, MAX_DELIVERIES)));
    }
}
