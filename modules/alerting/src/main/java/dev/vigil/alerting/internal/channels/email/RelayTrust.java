package dev.vigil.alerting.internal.channels.email;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS a mail relay is reached with. Liberty's {@code mail-2.1} brings {@code transportSecurity},
 * which makes {@code SSLSocketFactory.getDefault()} Liberty's own, trusting only Liberty's keystore;
 * so Vigil hands Jakarta Mail a factory of its own: the JDK's trusted CAs (a public relay's
 * certificate checks out), or, for a host named in {@code vigil.alerting.smtp.trusted-hosts}, any
 * certificate (a private relay with a certificate of its own making).
 */
final class RelayTrust {

    private static final SSLSocketFactory PUBLIC = factory(false);
    private static final SSLSocketFactory ANY = factory(true);

    private RelayTrust() {
    }

    static SSLSocketFactory forHost(boolean trustedByName) {
        return trustedByName ? ANY : PUBLIC;
    }

    private static SSLSocketFactory factory(boolean any) {
        try {
            TrustManager[] managers;
            if (any) {
                managers = new TrustManager[] {new X509TrustManager() {
                    @Override
                    public void checkClientTrusted(X509Certificate[] chain, String authType) {
                    }

                    @Override
                    public void checkServerTrusted(X509Certificate[] chain, String authType) {
                    }

                    @Override
                    public X509Certificate[] getAcceptedIssuers() {
                        return new X509Certificate[0];
                    }
                }};
            } else {
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init((KeyStore) null); // the JDK's cacerts
                managers = trust.getTrustManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, managers, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is part of every JDK", e);
        }
    }
}
