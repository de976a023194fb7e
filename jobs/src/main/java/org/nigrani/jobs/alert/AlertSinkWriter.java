package org.nigrani.jobs.alert;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.elasticsearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each alert to the outbox, then delivers it on a thread of its own, so a slow or absent mail server never
 * holds up the job.
 *
 * <ul>
 *   <li>{@link #write}: renders the alert per channel and creates its outbox document as {@code pending} before
 *       anything is sent. A document that already exists is the same decision made again (after a restore): sent
 *       or failed ones are left alone, pending ones are delivered if not already queued.</li>
 *   <li>Delivery: a failure is recorded (attempts, last error) and retried after an exponential back-off with
 *       jitter, until it goes out, or until {@code max-attempts} or a permanent refusal marks it {@code failed}.
 *       A sent message is recorded as {@code sent}; if that record cannot be written, only the record is retried.</li>
 *   <li>Start: the pending documents of the configured channels are queued again, so what a stopped or crashed
 *       run left undelivered goes out.</li>
 *   <li>End of a bounded input: waits up to {@code drain-timeout} for the queue to empty.</li>
 * </ul>
 * Checkpoints need not wait for delivery: every alert is durable in the outbox once {@code write} returns.
 */
final class AlertSinkWriter implements SinkWriter<Alert> {

    private static final Logger LOG = LoggerFactory.getLogger(AlertSinkWriter.class);
    private static final int RECOVER_LIMIT = 10_000;

    private final RestClient client;
    private final AlertOutbox outbox;
    private final Map<String, AlertChannel> channels;
    private final AlertSettings settings;
    private final DelayQueue<Delivery> queue = new DelayQueue<>();
    private final Set<String> outstanding = ConcurrentHashMap.newKeySet();
    private final Thread deliverer;
    private final Counter sent;
    private final Counter retried;
    private final Counter failed;
    private final Counter repeated;
    private volatile boolean closed;

    AlertSinkWriter(RestClient client, List<AlertChannel> channels, AlertSettings settings, MetricGroup metrics) {
        this.client = client;
        this.outbox = new AlertOutbox(client);
        this.channels = channels.stream().collect(Collectors.toMap(AlertChannel::name, Function.identity()));
        this.settings = settings;
        this.sent = metrics.counter("nigraniAlertsSent");
        this.retried = metrics.counter("nigraniAlertRetries");
        this.failed = metrics.counter("nigraniAlertsFailed");
        this.repeated = metrics.counter("nigraniAlertsAlreadyRecorded");
        metrics.gauge("nigraniAlertsPending", outstanding::size);
        recover();
        this.deliverer = new Thread(this::deliverLoop, "nigrani-alert-delivery");
        this.deliverer.setDaemon(true);
        this.deliverer.start();
    }

    /** One outbox document on its way. */
    private record Delivery(String docId, AlertChannel channel, byte[] body, int attempts, long arrivedAt, boolean delivered,
            Instant deliveredAt, long dueNanos) implements Delayed {

        Delivery again(int attempts, boolean delivered, Instant deliveredAt, long delayMillis) {
            return new Delivery(docId, channel, body, attempts, arrivedAt, delivered, deliveredAt,
                    System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis));
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(dueNanos, ((Delivery) other).dueNanos);
        }
    }

    private void recover() {
        try {
            List<AlertOutbox.Waiting> waiting = outbox.pending(List.copyOf(channels.keySet()), RECOVER_LIMIT);
            for (AlertOutbox.Waiting w : waiting) {
                enqueue(new Delivery(w.docId(), channels.get(w.channel()), w.body(), w.attempts(), 0, false, null, System.nanoTime()));
            }
            if (!waiting.isEmpty()) {
                LOG.info("{} alerts were pending in the outbox from an earlier run; delivering them", waiting.size());
            }
            if (waiting.size() == RECOVER_LIMIT) {
                LOG.warn("the outbox holds more pending alerts than one start picks up ({}); the rest go at the next start",
                        RECOVER_LIMIT);
            }
        } catch (IOException e) {
            // Not fatal: they stay pending and the next start tries again.
            LOG.warn("could not read pending alerts from the outbox: {}", e.getMessage());
        }
    }

    @Override
    public void write(Alert alert, Context context) throws IOException, InterruptedException {
        Instant now = Instant.now();
        for (AlertChannel channel : channels.values()) {
            byte[] body = channel.render(alert);
            String docId = AlertOutbox.docId(alert, channel.name());
            JsonNode existing = createWithRetries(alert, channel, body, now);
            if (existing == null) {
                enqueue(new Delivery(docId, channel, body, 0, alert.arrivedAt(), false, null, System.nanoTime()));
            } else if (AlertOutbox.PENDING.equals(existing.path("status").asText()) && !outstanding.contains(docId)) {
                enqueue(new Delivery(docId, channel, body, existing.path("attempts").asInt(), alert.arrivedAt(), false, null,
                        System.nanoTime()));
            } else {
                repeated.inc();
            }
        }
    }

    private JsonNode createWithRetries(Alert alert, AlertChannel channel, byte[] body, Instant now)
            throws IOException, InterruptedException {
        for (int failures = 1; ; failures++) {
            try {
                return outbox.create(alert, channel, body, now);
            } catch (IOException e) {
                if (closed) {
                    throw e;
                }
                long delay = backoff(failures);
                if (failures == 1 || failures % 10 == 0) {
                    LOG.warn("cannot write alert {} to the outbox ({} failures), retrying in {} ms: {}", alert.id(), failures,
                            delay, e.getMessage());
                }
                Thread.sleep(delay);
            }
        }
    }

    private void enqueue(Delivery d) {
        outstanding.add(d.docId());
        queue.add(d);
    }

    private void deliverLoop() {
        while (!closed) {
            Delivery d;
            try {
                d = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (d != null) {
                deliver(d);
            }
        }
    }

    private void deliver(Delivery d) {
        int attempts = d.attempts();
        Instant at = d.deliveredAt();
        if (!d.delivered()) {
            attempts++;
            at = Instant.now();
            try {
                d.channel().deliver(d.docId(), d.body());
                // Sent when the channel has taken it, so an SMTP transaction counts in the alert's latency.
                at = Instant.now();
                sent.inc();
            } catch (RuntimeException e) {
                boolean permanent = e instanceof MailSender.MailSendException m && m.permanent();
                boolean giveUp = permanent || (settings.maxAttempts() > 0 && attempts >= settings.maxAttempts());
                String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                record(d, giveUp ? AlertOutbox.FAILED : AlertOutbox.PENDING, attempts, error, at);
                if (giveUp) {
                    failed.inc();
                    LOG.error("alert {} failed for good after {} attempts: {}", d.docId(), attempts, error);
                    outstanding.remove(d.docId());
                } else {
                    retried.inc();
                    long delay = backoff(attempts);
                    if (attempts == 1 || attempts % 10 == 0) {
                        LOG.warn("alert {} not delivered ({} attempts), retrying in {} ms: {}", d.docId(), attempts, delay, error);
                    }
                    queue.add(d.again(attempts, false, null, delay));
                }
                return;
            }
        }
        if (record(d, AlertOutbox.SENT, attempts, null, at)) {
            outstanding.remove(d.docId());
        } else {
            // Delivered but not yet recorded: retry the record only, never the delivery.
            queue.add(d.again(attempts, true, at, backoff(1)));
        }
    }

    private boolean record(Delivery d, String status, int attempts, String error, Instant at) {
        try {
            outbox.attempted(d.docId(), status, attempts, error, at, d.arrivedAt());
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot record alert {} as {} in the outbox: {}", d.docId(), status, e.getMessage());
            return false;
        }
    }

    private long backoff(int failures) {
        long base = settings.initialBackoff().toMillis() << Math.min(failures - 1, 20);
        long delay = Math.min(settings.maxBackoff().toMillis(), base);
        return delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
    }

    @Override
    public void flush(boolean endOfInput) throws InterruptedException {
        if (!endOfInput) {
            return;
        }
        long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
        while (!outstanding.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        if (!outstanding.isEmpty()) {
            LOG.warn("{} alerts are still undelivered after {}; they stay pending in the outbox and go out at the next start",
                    outstanding.size(), settings.drainTimeout());
        }
    }

    @Override
    public void close() throws Exception {
        closed = true;
        // Not interrupted: the loop sees closed within one poll, and an interrupt landing between a send and its
        // record fails the record, leaving a sent alert pending to go out again at the next start.
        deliverer.join(10_000);
        for (AlertChannel c : channels.values()) {
            c.close();
        }
        client.close();
    }
}
