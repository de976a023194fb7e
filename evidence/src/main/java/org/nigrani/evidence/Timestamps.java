package org.nigrani.evidence;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenInfo;
import org.bouncycastle.util.Store;

/**
 * RFC 3161 timestamps over evidence hashes: asking a configured Time Stamping Authority for a token, and checking a
 * token later, without that TSA's help.
 */
public final class Timestamps {

    // Passed to Bouncy Castle directly rather than registered, so the JVM's provider list stays as the job left it.
    private static final Provider BC = new BouncyCastleProvider();
    private static final String QUERY = "application/timestamp-query";
    private static final String REPLY = "application/timestamp-reply";
    // A reply is a token with a certificate or a short chain; anything much larger is not a TSA talking.
    private static final int MAX_REPLY_BYTES = 1 << 20;

    private final URI tsa;
    private final Duration timeout;
    private final HttpClient http;
    private final SecureRandom random = new SecureRandom();

    public Timestamps(URI tsa, Duration timeout) {
        this.tsa = Objects.requireNonNull(tsa, "tsa");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        // A redirect could take the hash to a host nobody configured; a TSA that moves should be reconfigured.
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public URI tsa() {
        return tsa;
    }

    /** Asks the TSA for a token over {@code sha256} and checks the reply answers this request and no other. */
    public IssuedTimestamp request(String sha256) throws TimestampException, InterruptedException {
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        // The token must carry the TSA certificate, or it cannot be checked later without asking the TSA.
        generator.setCertReq(true);
        // The nonce ties the reply to this request, so a replayed old reply for the same hash is refused.
        BigInteger nonce = new BigInteger(64, random);
        TimeStampRequest request = generator.generate(TSPAlgorithms.SHA256, Sha256.bytes(sha256), nonce);

        byte[] reply = post(encode(request));
        TimeStampResponse response;
        try {
            response = new TimeStampResponse(reply);
        } catch (TSPException | IOException | RuntimeException e) {
            throw new TimestampException(tsa, "reply is not an RFC 3161 TimeStampResp (" + e.getMessage() + ")", e);
        }
        int status = response.getStatus();
        if (status != 0 && status != 1) {
            throw new TimestampException(tsa, "refused the request: status " + status
                    + describe(response.getStatusString()) + ", failure info " + failInfo(response), null);
        }
        try {
            // Checks the imprint, the nonce, the certReq answer and the token's own shape against our request.
            response.validate(request);
        } catch (TSPException e) {
            throw new TimestampException(tsa, "reply does not answer our request: " + e.getMessage(), e);
        }
        TimeStampToken token = response.getTimeStampToken();
        TimeStampTokenInfo info = token.getTimeStampInfo();
        try {
            return new IssuedTimestamp(token.getEncoded(), info.getGenTime().toInstant(), tsaName(info),
                    info.getSerialNumber());
        } catch (IOException e) {
            throw new TimestampException(tsa, "token could not be re-encoded", e);
        }
    }

    /**
     * Checks a stored token against a hash: the imprint is that hash, the signature verifies with the TSA
     * certificate carried in the token, and, when {@code trustAnchors} is not empty, that certificate is one of them
     * or directly signed by one.
     */
    public static TimestampVerdict verify(byte[] tokenBytes, String sha256, Collection<X509Certificate> trustAnchors) {
        byte[] expected = Sha256.bytes(sha256);
        TimeStampToken token;
        try {
            token = new TimeStampToken(new CMSSignedData(tokenBytes));
        } catch (CMSException | TSPException | IOException | RuntimeException e) {
            return TimestampVerdict.unreadable("not a readable RFC 3161 timestamp token: " + e.getMessage());
        }
        TimeStampTokenInfo info = token.getTimeStampInfo();
        Instant genTime = info.getGenTime().toInstant();
        String name = tsaName(info);
        BigInteger serial = info.getSerialNumber();

        boolean imprint = TSPAlgorithms.SHA256.equals(info.getMessageImprintAlgOID())
                && Arrays.equals(expected, info.getMessageImprintDigest());

        X509CertificateHolder signer = signerCertificate(token);
        String signatureProblem = null;
        if (signer == null) {
            signatureProblem = "the token carries no certificate for its signer";
        } else {
            try {
                // Also checks the signing-certificate attribute names this certificate, that the certificate is for
                // timestamping only (critical extended key usage), and that genTime lies within its validity.
                token.validate(new JcaSimpleSignerInfoVerifierBuilder().setProvider(BC).build(signer));
            } catch (TSPException | OperatorCreationException | java.security.cert.CertificateException
                     | RuntimeException e) {
                signatureProblem = "signature does not verify: " + e.getMessage();
            }
        }
        boolean signature = signatureProblem == null;

        TimestampVerdict.Trust trust = TimestampVerdict.Trust.NOT_CHECKED;
        List<X509Certificate> anchors = trustAnchors == null ? List.of() : List.copyOf(trustAnchors);
        if (!anchors.isEmpty()) {
            trust = signer != null && trusted(signer, anchors)
                    ? TimestampVerdict.Trust.TRUSTED : TimestampVerdict.Trust.UNTRUSTED;
        }

        String reason;
        if (!imprint) {
            reason = "the token is over a different hash: " + hex(info.getMessageImprintDigest())
                    + " (" + info.getMessageImprintAlgOID() + ")";
        } else if (!signature) {
            reason = signatureProblem;
        } else if (trust == TimestampVerdict.Trust.UNTRUSTED) {
            reason = "the TSA certificate " + signer.getSubject() + " is not a trust anchor nor signed by one";
        } else {
            reason = "valid";
        }
        return new TimestampVerdict("valid".equals(reason), reason, imprint, signature, trust, genTime, name, serial);
    }

    private byte[] post(byte[] body) throws TimestampException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(tsa)
                .timeout(timeout)
                .header("Content-Type", QUERY)
                .header("Accept", REPLY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new TimestampException(tsa, "could not be reached: " + e, e);
        }
        if (response.statusCode() != 200) {
            throw new TimestampException(tsa, "answered HTTP " + response.statusCode(), null);
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.toLowerCase(java.util.Locale.ROOT).startsWith(REPLY)) {
            throw new TimestampException(tsa, "answered Content-Type \"" + type + "\", not " + REPLY, null);
        }
        if (response.body().length > MAX_REPLY_BYTES) {
            throw new TimestampException(tsa, "answered " + response.body().length + " bytes, too many for a reply",
                    null);
        }
        return response.body();
    }

    private byte[] encode(TimeStampRequest request) throws TimestampException {
        try {
            return request.getEncoded();
        } catch (IOException e) {
            throw new TimestampException(tsa, "request could not be encoded", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static X509CertificateHolder signerCertificate(TimeStampToken token) {
        Store<X509CertificateHolder> certificates = token.getCertificates();
        Collection<X509CertificateHolder> matches = certificates.getMatches(token.getSID());
        return matches.isEmpty() ? null : matches.iterator().next();
    }

    private static boolean trusted(X509CertificateHolder signer, List<X509Certificate> anchors) {
        for (X509Certificate anchor : anchors) {
            try {
                if (Arrays.equals(anchor.getEncoded(), signer.getEncoded())) {
                    return true;
                }
                // One level only: a TSA certificate issued directly by an anchor. Deeper chains need PKIX path
                // building, which no TSA configured so far has required.
                X500Name anchorSubject = X500Name.getInstance(anchor.getSubjectX500Principal().getEncoded());
                if (anchorSubject.equals(signer.getIssuer())
                        && signer.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(BC)
                        .build(anchor.getPublicKey()))) {
                    return true;
                }
            } catch (CertificateEncodingException | IOException | OperatorCreationException
                     | org.bouncycastle.cert.CertException | RuntimeException e) {
                // An anchor that cannot be read or used cannot vouch for anything; try the next.
            }
        }
        return false;
    }

    private static String tsaName(TimeStampTokenInfo info) {
        return info.getTsa() == null ? "" : info.getTsa().getName().toString();
    }

    private static String describe(String statusString) {
        return statusString == null ? "" : " (\"" + statusString + "\")";
    }

    private static String failInfo(TimeStampResponse response) {
        return response.getFailInfo() == null ? "none" : Integer.toString(response.getFailInfo().intValue());
    }

    private static String hex(byte[] bytes) {
        return bytes == null ? "none" : java.util.HexFormat.of().formatHex(bytes);
    }
}
