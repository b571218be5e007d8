package io.cmkworker.sandbox;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A certificate made at start for the Key Vault simulator's HTTPS, with the JDK's public API only (no
 * {@code sun.security}, no keytool): an EC P-256 key, a DER-encoded X.509 v3 certificate signed with it,
 * and subject alternative names for the loopback addresses. Nothing trusts it unless told to: a test or the
 * demo loads {@link #pem()} into a trust store of its own, and the JVM's default trust is never changed.
 */
public final class SelfSignedCertificate {

    private static final char[] KEY_PASSWORD = "sandbox".toCharArray();
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final KeyPair keys;
    private final X509Certificate certificate;

    private SelfSignedCertificate(KeyPair keys, X509Certificate certificate) {
        this.keys = keys;
        this.certificate = certificate;
    }

    /**
     * A certificate for {@code dnsNames} and {@code ipAddresses}, valid from a day before {@code now} for
     * {@code validity}.
     */
    public static SelfSignedCertificate generate(String commonName, List<String> dnsNames, List<String> ipAddresses,
                                                 Instant now, Duration validity) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = generator.generateKeyPair();
            byte[] signatureAlgorithm = Der.sequence(Der.oid("1.2.840.10045.4.3.2")); // ecdsa-with-SHA256
            byte[] name = Der.sequence(Der.set(Der.sequence(Der.oid("2.5.4.3"),
                    Der.tlv(0x0C, commonName.getBytes(StandardCharsets.UTF_8)))));
            byte[] validityRange = Der.sequence(
                    Der.tlv(0x17, UTC_TIME.format(now.minus(Duration.ofDays(1))).getBytes(StandardCharsets.US_ASCII)),
                    Der.tlv(0x17, UTC_TIME.format(now.plus(validity)).getBytes(StandardCharsets.US_ASCII)));
            ByteArrayOutputStream names = new ByteArrayOutputStream();
            for (String dns : dnsNames) {
                names.writeBytes(Der.tlv(0x82, dns.getBytes(StandardCharsets.US_ASCII)));
            }
            for (String ip : ipAddresses) {
                names.writeBytes(Der.tlv(0x87, InetAddress.getByName(ip).getAddress()));
            }
            byte[] subjectAltName = Der.sequence(Der.oid("2.5.29.17"), Der.tlv(0x04, Der.tlv(0x30, names.toByteArray())));
            byte[] notACa = Der.sequence(Der.oid("2.5.29.19"), Der.tlv(0x04, Der.sequence()));
            byte[] toBeSigned = Der.sequence(
                    Der.tlv(0xA0, Der.integer(BigInteger.TWO)), // v3
                    Der.integer(new BigInteger(64, new SecureRandom()).setBit(62)),
                    signatureAlgorithm, name, validityRange, name,
                    keys.getPublic().getEncoded(),
                    Der.tlv(0xA3, Der.sequence(subjectAltName, notACa)));
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keys.getPrivate());
            signer.update(toBeSigned);
            byte[] signature = signer.sign();
            byte[] bits = new byte[signature.length + 1]; // a leading 0: no unused bits
            System.arraycopy(signature, 0, bits, 1, signature.length);
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(Der.sequence(toBeSigned, signatureAlgorithm, Der.tlv(0x03, bits))));
            certificate.verify(keys.getPublic());
            return new SelfSignedCertificate(keys, certificate);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot generate the sandbox's certificate: " + e, e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The certificate as PEM, the form a trust store or {@code curl --cacert} reads. */
    public String pem() {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@link #pem()} to {@code file}. */
    public void writePem(Path file) throws IOException {
        Files.writeString(file, pem(), StandardCharsets.US_ASCII);
    }

    /** The server side of TLS: this certificate and its key. */
    SSLContext serverContext() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("sandbox", keys.getPrivate(), KEY_PASSWORD, new X509Certificate[] {certificate});
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, KEY_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(factory.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the sandbox's TLS context: " + e, e);
        }
    }

    /** A minimal DER writer: enough for one certificate. */
    private static final class Der {

        private Der() {
        }

        static byte[] tlv(int tag, byte[] value) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(tag);
            if (value.length < 0x80) {
                out.write(value.length);
            } else {
                byte[] length = BigInteger.valueOf(value.length).toByteArray();
                int skip = length[0] == 0 ? 1 : 0;
                out.write(0x80 | (length.length - skip));
                out.write(length, skip, length.length - skip);
            }
            out.writeBytes(value);
            return out.toByteArray();
        }

        static byte[] sequence(byte[]... parts) {
            return tlv(0x30, concat(parts));
        }

        static byte[] set(byte[]... parts) {
            return tlv(0x31, concat(parts));
        }

        static byte[] integer(BigInteger value) {
            return tlv(0x02, value.toByteArray());
        }

        static byte[] oid(String dotted) {
            String[] arcs = dotted.split("\\.");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(Integer.parseInt(arcs[0]) * 40 + Integer.parseInt(arcs[1]));
            for (int i = 2; i < arcs.length; i++) {
                long arc = Long.parseLong(arcs[i]);
                byte[] groups = new byte[10];
                int n = 0;
                do {
                    groups[n++] = (byte) (arc & 0x7F);
                    arc >>>= 7;
                } while (arc != 0);
                for (int j = n - 1; j >= 0; j--) {
                    out.write(groups[j] | (j > 0 ? 0x80 : 0));
                }
            }
            return tlv(0x06, out.toByteArray());
        }

        private static byte[] concat(byte[]... parts) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] part : parts) {
                out.writeBytes(part);
            }
            return out.toByteArray();
        }
    }
}
