package org.nigrani.evidence.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;

/**
 * A Time Stamping Authority on localhost for tests: an EC P-256 key, a certificate with the critical extended key
 * usage id-kp-timeStamping (self-signed, or issued by a {@link TestCa}), answering RFC 3161 requests at {@code /tsa}.
 * It can be told to misbehave, to show what the client makes of a TSA that refuses, babbles or replays.
 */
public final class TestTsa implements AutoCloseable {

    private static final Provider BC = new BouncyCastleProvider();
    private static final ASN1ObjectIdentifier POLICY = new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.3161.1");

    public enum Behaviour {
        GRANT,
        /** A well-formed TimeStampResp with status rejection. */
        REJECT,
        /** HTTP 200 and the right content type, but bytes that are no TimeStampResp. */
        GARBAGE,
        /** HTTP 500. */
        HTTP_ERROR,
        /** A granted token, but for a request with another nonce: a replay. */
        WRONG_NONCE
    }

    /** A certificate authority that can issue TSA certificates, to test trust through an issuer. */
    public record TestCa(KeyPair keys, X509Certificate certificate) {

        public static TestCa create(String name) throws Exception {
            KeyPair keys = ecKeys();
            X500Name subject = new X500Name("CN=" + name);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, BigInteger.ONE,
                    Date.from(Instant.now().minus(Duration.ofDays(1))), Date.from(Instant.now().plus(Duration.ofDays(30))),
                    subject, keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            return new TestCa(keys, sign(builder, keys));
        }
    }

    private final HttpServer server;
    private final X509Certificate certificate;
    private final TimeStampResponseGenerator responses;
    private final AtomicLong serials = new AtomicLong(1);
    private final AtomicLong requests = new AtomicLong();
    private volatile Behaviour behaviour = Behaviour.GRANT;

    private TestTsa(String name, TestCa issuer) throws Exception {
        KeyPair keys = ecKeys();
        X500Name subject = new X500Name("CN=" + name);
        X500Name issuerName = issuer == null ? subject
                : X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName,
                BigInteger.valueOf(System.nanoTime()),
                Date.from(Instant.now().minus(Duration.ofDays(1))), Date.from(Instant.now().plus(Duration.ofDays(30))),
                subject, keys.getPublic());
        // RFC 3161 2.3: a TSA certificate has exactly this extended key usage, marked critical.
        builder.addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
        certificate = sign(builder, issuer == null ? keys : issuer.keys());

        TimeStampTokenGenerator tokens = new TimeStampTokenGenerator(
                new JcaSimpleSignerInfoGeneratorBuilder().setProvider(BC)
                        .build("SHA256withECDSA", keys.getPrivate(), certificate),
                new JcaDigestCalculatorProviderBuilder().setProvider(BC).build()
                        .get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)),
                POLICY);
        tokens.addCertificates(new JcaCertStore(List.of(certificate)));
        tokens.setTSA(new GeneralName(subject));
        responses = new TimeStampResponseGenerator(tokens, TSPAlgorithms.ALLOWED);

        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/tsa", this::answer);
        server.start();
    }

    public static TestTsa selfSigned(String name) throws Exception {
        return new TestTsa(name, null);
    }

    public static TestTsa issuedBy(String name, TestCa issuer) throws Exception {
        return new TestTsa(name, issuer);
    }

    public URI url() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/tsa");
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public void behave(Behaviour behaviour) {
        this.behaviour = behaviour;
    }

    public long requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (!"POST".equals(exchange.getRequestMethod())
                    || !"application/timestamp-query".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
                reply(exchange, 415, "text/plain", "want POST application/timestamp-query".getBytes(StandardCharsets.UTF_8));
                return;
            }
            byte[] reply;
            switch (behaviour) {
                case HTTP_ERROR -> {
                    reply(exchange, 500, "text/plain", "TSA on fire".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                case GARBAGE -> reply = "<html>not a timestamp</html>".getBytes(StandardCharsets.UTF_8);
                case REJECT -> reply = responses.generateFailResponse(PKIStatus.REJECTION,
                        PKIFailureInfo.badAlg, "test TSA refuses").getEncoded();
                case WRONG_NONCE -> {
                    TimeStampRequest asked = new TimeStampRequest(body);
                    TimeStampRequestGenerator other = new TimeStampRequestGenerator();
                    other.setCertReq(true);
                    TimeStampRequest replayed = other.generate(asked.getMessageImprintAlgOID(),
                            asked.getMessageImprintDigest(), asked.getNonce().add(BigInteger.ONE));
                    reply = grant(replayed);
                }
                default -> reply = grant(new TimeStampRequest(body));
            }
            reply(exchange, 200, "application/timestamp-reply", reply);
        } catch (Exception e) {
            reply(exchange, 500, "text/plain", e.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private byte[] grant(TimeStampRequest request) throws Exception {
        TimeStampResponse response = responses.generate(request,
                BigInteger.valueOf(serials.getAndIncrement()), new Date());
        return response.getEncoded();
    }

    private static void reply(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static KeyPair ecKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) throws Exception {
        return new JcaX509CertificateConverter().setProvider(BC).getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BC).build(signer.getPrivate())));
    }
}
