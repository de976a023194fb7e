package org.nigrani.jobs.alert;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A small SMTP server that offers STARTTLS, for what GreenMail cannot show (it has no STARTTLS): that the sender
 * upgrades before it authenticates or sends, and checks the server's certificate. Its key pair is made by the
 * JDK's {@code keytool} for the name it is given, so a test can also present a certificate for the wrong name.
 */
final class StartTlsSmtpServer implements AutoCloseable {

    /** What one session did: whether it was upgraded, and what arrived before and after. */
    record Session(boolean tls, String tlsProtocol, String authBeforeTls, String auth, String data) {}

    private final ServerSocket socket;
    private final SSLContext ssl;
    private final Path caPem;
    private final List<Session> sessions = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;

    /** @param certificateName the name (DNS SAN and CN) the server's certificate is for */
    StartTlsSmtpServer(Path dir, String certificateName) throws Exception {
        Path store = dir.resolve("smtp-" + certificateName + ".p12");
        caPem = dir.resolve("smtp-" + certificateName + ".pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "smtp", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=" + certificateName, "-ext", "SAN=dns:" + certificateName, "-validity", "2", "-keystore", store.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit");
        run(keytool, "-exportcert", "-rfc", "-alias", "smtp", "-keystore", store.toString(), "-storepass", "changeit",
                "-file", caPem.toString());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "starttls-smtp");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** The server's self-signed certificate, to trust as its CA. */
    Path caPem() {
        return caPem;
    }

    List<Session> sessions() {
        return List.copyOf(sessions);
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                client.setSoTimeout(10_000);
                session(client);
            } catch (IOException e) {
                // A client that gave up (a failed handshake): on to the next one.
            }
        }
    }

    private void session(Socket plain) throws IOException {
        Socket s = plain;
        boolean tls = false;
        String protocol = null;
        String authBeforeTls = null;
        String auth = null;
        StringBuilder data = new StringBuilder();
        BufferedReader in = reader(s);
        OutputStream out = s.getOutputStream();
        write(out, "220 starttls.test ESMTP");
        try {
            String line;
            while ((line = in.readLine()) != null) {
                String upper = line.toUpperCase(java.util.Locale.ROOT);
                if (upper.startsWith("EHLO")) {
                    write(out, tls ? "250-starttls.test\r\n250 AUTH PLAIN" : "250-starttls.test\r\n250-STARTTLS\r\n250 AUTH PLAIN");
                } else if (upper.startsWith("STARTTLS")) {
                    write(out, "220 go ahead");
                    SSLSocket upgraded = (SSLSocket) ssl.getSocketFactory().createSocket(s, null, s.getPort(), false);
                    upgraded.setUseClientMode(false);
                    upgraded.startHandshake();
                    protocol = upgraded.getSession().getProtocol();
                    s = upgraded;
                    tls = true;
                    in = reader(s);
                    out = s.getOutputStream();
                } else if (upper.startsWith("AUTH PLAIN")) {
                    String credentials = line.length() > 11 ? line.substring(11).trim() : in.readLine();
                    String decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
                    if (tls) {
                        auth = decoded;
                    } else {
                        authBeforeTls = decoded;
                    }
                    write(out, "235 ok");
                } else if (upper.startsWith("MAIL") || upper.startsWith("RCPT") || upper.startsWith("RSET")
                        || upper.startsWith("NOOP")) {
                    write(out, "250 ok");
                } else if (upper.equals("DATA")) {
                    write(out, "354 end with .");
                    String d;
                    while ((d = in.readLine()) != null && !d.equals(".")) {
                        data.append(d).append("\r\n");
                    }
                    write(out, "250 queued");
                } else if (upper.startsWith("QUIT")) {
                    write(out, "221 bye");
                    break;
                } else {
                    write(out, "502 not here");
                }
            }
        } finally {
            sessions.add(new Session(tls, protocol, authBeforeTls, auth, data.toString()));
        }
    }

    private static BufferedReader reader(Socket s) throws IOException {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
    }

    private static void write(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws Exception {
        socket.close();
        thread.join(5_000);
    }
}
