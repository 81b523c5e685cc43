package dev.vigil.alerting.internal.channels.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.kernel.api.VigilException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmailMessageTest {

    private static JsonObject message(String name, String summary) {
        return Json.createObjectBuilder().add("version", "1").add("status", "firing").add("receiver", "ops")
                .add("groupKey", "k").add("groupLabels", Json.createObjectBuilder().add("alertname", name))
                .add("commonLabels", Json.createObjectBuilder()).add("commonAnnotations", Json.createObjectBuilder())
                .add("alerts", Json.createArrayBuilder().add(Json.createObjectBuilder().add("id", "a").add("status", "firing")
                        .add("severity", "critical").add("labels", Json.createObjectBuilder().add("alertname", name))
                        .add("annotations", Json.createObjectBuilder().add("summary", summary))
                        .add("startsAt", "2026-12-01T03:00:00Z").add("fingerprint", "f")))
                .add("firing", 1).add("acknowledged", 0).add("resolved", 0).add("truncatedAlerts", 0).build();
    }

    @Test
    void theHtmlPartEscapesWhatAlertsSayAndTheTextPartKeepsIt() {
        EmailMessage.Rendered mail = EmailMessage.of(message("Disk", "<script>alert('x')</script> & more"));
        assertThat(mail.subject()).isEqualTo("[FIRING:1] Disk (ops)");
        assertThat(mail.html()).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more")
                .doesNotContain("<script>");
        assertThat(mail.text()).contains("summary: <script>alert('x')</script> & more");
    }

    @Test
    void aSubjectCannotStartAHeaderOfItsOwn() {
        EmailMessage.Rendered mail = EmailMessage.of(message("Disk\r\nBcc: everyone@example.com", "s"));
        assertThat(mail.subject()).doesNotContain("\r").doesNotContain("\n");
    }

    @Test
    void recipientsAreAddressesAndAtMostTwenty() {
        assertThat(EmailChannel.recipients("a@example.com, B <b@example.com>")).hasSize(2);
        assertThatThrownBy(() -> EmailChannel.recipients("a@example.com\r\nBcc: x@example.com"))
                .isInstanceOf(VigilException.class);
        assertThatThrownBy(() -> EmailChannel.recipients("not an address")).isInstanceOf(VigilException.class);
        assertThatThrownBy(() -> EmailChannel.recipients(String.join(",", java.util.Collections.nCopies(21, "a@example.com"))))
                .isInstanceOf(VigilException.class);
        assertThatThrownBy(() -> new EmailChannel().configure(Map.of("to", "a@example.com", "password", "p"), null))
                .isInstanceOf(VigilException.class).hasMessageContaining("username");
    }
}
