package org.nigrani.jobs.alert;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An SMTP server that takes its time to accept each message: it answers the end of DATA only after {@code delay},
 * as a loaded relay does. Keeps the Message-ID of every message it accepted. Just enough SMTP for Jakarta Mail.
 */
final class SlowSmtpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final Duration delay;
    private final List<String> accepted = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    SlowSmtpServer(int port, Duration delay) {
        try {
            this.socket = new ServerSocket(port, 10, InetAddress.getByName("127.0.0.1"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.delay = delay;
        this.acceptor = new Thread(this::acceptLoop, "slow-smtp");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    /** The Message-IDs of the messages accepted so far. */
    List<String> accepted() {
        return List.copyOf(accepted);
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                converse(client);
            } catch (IOException e) {
                // closed, or the client went away: take the next one
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void converse(Socket client) throws IOException, InterruptedException {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
        OutputStream out = client.getOutputStream();
        reply(out, "220 slow.example ESMTP");
        String line;
        while ((line = in.readLine()) != null) {
            String command = line.toUpperCase(Locale.ROOT);
            if (command.startsWith("DATA")) {
                reply(out, "354 end with <CRLF>.<CRLF>");
                String messageId = null;
                for (String data = in.readLine(); data != null && !data.equals("."); data = in.readLine()) {
                    if (messageId == null && data.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                        messageId = data.substring(11).strip();
                    }
                }
                Thread.sleep(delay.toMillis());
                accepted.add(messageId);
                reply(out, "250 accepted");
            } else if (command.startsWith("QUIT")) {
                reply(out, "221 bye");
                return;
            } else {
                reply(out, "250 ok");
            }
        }
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws Exception {
        socket.close();
        acceptor.join(5_000);
    }
}
