package dev.vigil.alerting.internal.channels.email;

import dev.vigil.alerting.internal.channels.ChannelFields;
import dev.vigil.alerting.internal.channels.ChannelKind;
import dev.vigil.kernel.api.VigilException;
import dev.vigil.resilience.api.DeliveryFailure;
import dev.vigil.resilience.api.Dependencies;
import dev.vigil.resilience.api.DependencyUnavailable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Email over SMTP (Jakarta Mail, Liberty's {@code mail-2.1}): {@code {"to", "from"?, "smarthost"?,
 * "security"?, "username"?, "password"?}}, each missing one taken from {@code vigil.alerting.smtp.*}
 * (host, port, security, username, password, from, timeout, trusted-hosts), as Alertmanager's email
 * receivers take theirs from its global section; the server's login only for the server's relay,
 * and a channel's stored password only for the relay it was given with. {@code security} is {@code starttls} (required, never
 * silently skipped), {@code tls} (implicit TLS, port 465) or {@code none}. The password is sealed.
 * Each mail has a text and an HTML part, and its {@code Message-ID} is the delivery id, the same on
 * every attempt.
 */
@ApplicationScoped
public class EmailChannel implements ChannelKind {

    static final int MAX_RECIPIENTS = 20;

    @Inject
    Dependencies dependencies;

    @Override
    public String type() {
        return "email";
    }

    @Override
    public Set<String> fields() {
        return Set.of("to", "from", "smarthost", "security", "username", "password");
    }

    @Override
    public Configured configure(Map<String, String> fields, Map<String, String> stored) {
        Map<String, String> settings = new HashMap<>(stored == null ? Map.of() : stored);
        fields.forEach((key, value) -> {
            if (!key.equals("password")) {
                settings.put(key, value);
            }
        });
        settings.values().removeIf(String::isEmpty); // "" clears a field back to the server's default
        recipients(ChannelFields.required("to", settings, null));
        if (settings.containsKey("from")) {
            address("from", settings.get("from"));
        }
        if (settings.containsKey("smarthost")) {
            smarthost(settings.get("smarthost"));
        }
        if (settings.containsKey("security")) {
            settings.put("security", security(settings.get("security")));
        }
        ChannelFields.bounded("username", settings.get("username"), 200);
        String password = ChannelFields.bounded("password", fields.get("password"), 500);
        if (password != null && !settings.containsKey("username")) {
            throw VigilException.invalid("A password needs a username");
        }
        if (fields.containsKey("username") && settings.containsKey("username") && password == null) {
            throw VigilException.invalid("username and password go together");
        }
        if (stored != null && stored.containsKey("username") && settings.containsKey("username") && password == null
                && (!java.util.Objects.equals(stored.get("smarthost"), settings.get("smarthost"))
                || !java.util.Objects.equals(stored.get("security"), settings.get("security")))) {
            throw VigilException.invalid("Give the password again when the relay or its security changes: the stored"
                    + " one goes only where and how it was given for");
        }
        return new Configured(Map.copyOf(settings), password, null);
    }

    @Override
    public void send(Sending sending) {
        Smtp smtp = Smtp.of(sending.settings(), sending.credential(), ConfigProvider.getConfig());
        EmailMessage.Rendered rendered = EmailMessage.of(sending.message());
        MimeMessage mail;
        Session session = Session.getInstance(smtp.properties());
        try {
            mail = new DeliveryMessage(session, "<" + sending.job().id() + "@vigil>");
            mail.setFrom(address("from", smtp.from()));
            mail.setRecipients(Message.RecipientType.TO, recipients(sending.settings().get("to")));
            mail.setSubject(rendered.subject(), StandardCharsets.UTF_8.name());
            mail.setHeader("X-Vigil-Delivery", sending.job().id());
            MimeBodyPart text = new MimeBodyPart();
            text.setText(rendered.text(), StandardCharsets.UTF_8.name(), "plain");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(rendered.html(), StandardCharsets.UTF_8.name(), "html");
            mail.setContent(new MimeMultipart("alternative", text, html));
            mail.saveChanges();
        } catch (MessagingException | RuntimeException e) {
            throw DeliveryFailure.permanent("the mail could not be made: " + e.getMessage());
        }
        String refused;
        try {
            refused = dependencies.call("smtp", () -> {
                try {
                    if (smtp.username() != null) {
                        Transport.send(mail, smtp.username(), smtp.password());
                    } else {
                        Transport.send(mail);
                    }
                    return null;
                } catch (SendFailedException | AuthenticationFailedException e) {
                    return e.getClass().getSimpleName() + ": " + e.getMessage(); // the relay is up and refuses this
                }
            });
        } catch (DependencyUnavailable e) {
            throw e;
        } catch (Exception e) {
            Throwable cause = e.getCause() != null && e instanceof MessagingException ? e.getCause() : e;
            throw new DeliveryFailure("SMTP " + smtp.host() + ":" + smtp.port() + ": " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), false, null, e);
        }
        if (refused != null) {
            throw DeliveryFailure.permanent("SMTP " + smtp.host() + ":" + smtp.port() + " refused the mail: " + refused);
        }
    }

    /** A mail whose Message-ID is the delivery's, not one Jakarta Mail makes on each save. */
    private static final class DeliveryMessage extends MimeMessage {
        private final String id;

        DeliveryMessage(Session session, String id) {
            super(session);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }

    /** Where and how one channel sends: its own settings, else the server's defaults. */
    record Smtp(String host, int port, String security, String username, String password, String from, long timeoutMillis,
            String trustedHosts) {

        static Smtp of(Map<String, String> settings, String password, Config config) {
            String host;
            int port;
            String security = Optional.ofNullable(settings.get("security"))
                    .orElse(config.getOptionalValue("vigil.alerting.smtp.security", String.class).orElse("starttls"));
            security = EmailChannel.security(security);
            if (settings.containsKey("smarthost")) {
                String[] hostPort = EmailChannel.smarthost(settings.get("smarthost"));
                host = hostPort[0];
                port = Integer.parseInt(hostPort[1]);
            } else {
                host = config.getOptionalValue("vigil.alerting.smtp.host", String.class).orElseThrow(() ->
                        DeliveryFailure.permanent("no mail relay: set the channel's smarthost or vigil.alerting.smtp.host"));
                port = config.getOptionalValue("vigil.alerting.smtp.port", Integer.class)
                        .orElse(security.equals("tls") ? 465 : security.equals("starttls") ? 587 : 25);
            }
            String username = settings.get("username");
            if (username == null && !settings.containsKey("smarthost") && !settings.containsKey("security")) {
                // The server's login goes only to the server's relay, never to a relay a channel names.
                username = config.getOptionalValue("vigil.alerting.smtp.username", String.class).orElse(null);
                password = config.getOptionalValue("vigil.alerting.smtp.password", String.class).orElse(null);
            }
            String from = Optional.ofNullable(settings.get("from"))
                    .orElse(config.getOptionalValue("vigil.alerting.smtp.from", String.class).orElse("vigil@localhost"));
            long timeout = config.getOptionalValue("vigil.alerting.smtp.timeout", java.time.Duration.class)
                    .map(java.time.Duration::toMillis).orElse(10_000L);
            String trusted = config.getOptionalValue("vigil.alerting.smtp.trusted-hosts", String.class).orElse(null);
            return new Smtp(host, port, security, username, password, from, timeout, trusted);
        }

        Properties properties() {
            Properties p = new Properties();
            p.put("mail.smtp.host", host);
            p.put("mail.smtp.port", Integer.toString(port));
            p.put("mail.smtp.connectiontimeout", Long.toString(timeoutMillis));
            p.put("mail.smtp.timeout", Long.toString(timeoutMillis));
            p.put("mail.smtp.writetimeout", Long.toString(timeoutMillis));
            p.put("mail.smtp.auth", Boolean.toString(username != null));
            if (security.equals("starttls")) {
                p.put("mail.smtp.starttls.enable", "true");
                p.put("mail.smtp.starttls.required", "true");
            } else if (security.equals("tls")) {
                p.put("mail.smtp.ssl.enable", "true");
            }
            boolean trusted = trustedHosts != null && (" " + trustedHosts.replace(',', ' ') + " ").contains(" " + host + " ");
            p.put("mail.smtp.ssl.socketFactory", RelayTrust.forHost(trusted));
            p.put("mail.smtp.ssl.checkserveridentity", Boolean.toString(!trusted));
            return p;
        }
    }

    static InternetAddress address(String field, String value) {
        try {
            InternetAddress address = new InternetAddress(value, true);
            address.validate();
            return address;
        } catch (AddressException e) {
            throw VigilException.invalid(field + " is not an email address");
        }
    }

    static InternetAddress[] recipients(String to) {
        if (to.length() > 2000) {
            throw VigilException.invalid("to has at most 2,000 characters");
        }
        InternetAddress[] addresses;
        try {
            addresses = InternetAddress.parse(to, true);
            for (InternetAddress address : addresses) {
                address.validate();
                if (address.isGroup()) {
                    throw new AddressException("a group");
                }
            }
        } catch (AddressException e) {
            throw VigilException.invalid("to is a comma-separated list of email addresses");
        }
        if (addresses.length == 0 || addresses.length > MAX_RECIPIENTS) {
            throw VigilException.invalid("to has 1 to " + MAX_RECIPIENTS + " addresses");
        }
        return addresses;
    }

    static String[] smarthost(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || value.length() > 300) {
            throw VigilException.invalid("smarthost is host:port");
        }
        String host = value.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535 || !host.matches("[A-Za-z0-9.\\-\\[\\]:]+")) {
            throw VigilException.invalid("smarthost is host:port");
        }
        return new String[] {host, Integer.toString(port)};
    }

    static String security(String value) {
        String security = value.toLowerCase(Locale.ROOT);
        if (!Set.of("starttls", "tls", "none").contains(security)) {
            throw VigilException.invalid("security is starttls, tls or none");
        }
        return security;
    }
}
