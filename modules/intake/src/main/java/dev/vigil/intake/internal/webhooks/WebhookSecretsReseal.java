package dev.vigil.intake.internal.webhooks;

import dev.vigil.kernel.api.TrackedJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finishes a rotation of {@code vigil.secrets.key}: every webhook secret still sealed with the
 * previous key is sealed again with the current one, so the previous key can be dropped. Hourly,
 * and at once through {@code POST /api/v1/admin/jobs/webhook-secrets-reseal/runs}. A secret that
 * neither key opens fails the run (after the others are done), naming its source.
 */
@ApplicationScoped
public class WebhookSecretsReseal implements TrackedJob {

    @Inject
    WebhookData store;

    @Inject
    SealedSecrets secrets;

    @Override
    public String name() {
        return "webhook-secrets-reseal";
    }

    @Override
    public Schedule schedule() {
        return Schedule.hourly(17);
    }

    @Override
    public String run() throws Exception {
        if (!secrets.configured()) {
            return "no secrets key set, nothing sealed";
        }
        List<WebhookData.Source> sources = store.sources();
        int resealed = 0;
        List<String> unreadable = new ArrayList<>();
        for (WebhookData.Source source : sources) {
            Optional<String> sealedAgain;
            try {
                sealedAgain = secrets.resealed(source.sealedSecret());
            } catch (IllegalArgumentException e) {
                unreadable.add(source.name());
                continue;
            }
            if (sealedAgain.isPresent() && store.resealSecret(source.id(), source.sealedSecret(), sealedAgain.get())) {
                resealed++;
            }
        }
        String summary = "re-sealed " + resealed + " of " + sources.size() + " webhook secrets with the current key";
        if (!unreadable.isEmpty()) {
            throw new IllegalStateException(summary + "; opened by neither the current nor the previous key: "
                    + String.join(", ", unreadable) + " (set those secrets again with PUT .../secret)");
        }
        return summary;
    }
}
