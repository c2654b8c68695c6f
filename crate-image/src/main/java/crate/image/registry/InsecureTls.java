package crate.image.registry;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS without verification, for registries the user declared insecure
 * ({@code images.insecure_registries}, {@code --tls-verify=false}).
 *
 * <p>Why a trust manager that accepts everything is enough, also for the host name: java.net.http
 * always sets the endpoint identification algorithm "HTTPS" on its engines (only the JVM-wide
 * system property {@code jdk.internal.httpclient.disableHostnameVerification} turns that off,
 * for every client in the process, which we must not do). JSSE performs that host name check
 * inside the trust manager: the JDK's own {@code X509TrustManagerImpl} does it, and a plain
 * {@code X509TrustManager} is wrapped by JSSE in {@code AbstractTrustManagerWrapper}, which does it
 * too. A {@link X509ExtendedTrustManager} is used as it is, so one whose checks accept every
 * chain skips both the chain and the host name checks, for this client's connections only.
 * The verified client keeps the JDK's defaults untouched.
 */
final class InsecureTls {
    private InsecureTls() {}

    static SSLContext context() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new TrustAll()}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** Accepts every server certificate chain, for every host name. */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
