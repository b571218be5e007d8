package io.cmkworker.it;

import io.cmkworker.events.OnboardingRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.avro.SchemaNormalization;

/**
 * Avro single-object encoding written by hand, so {@link FuzzRecords} can say what Avro's encoder never
 * would: any fingerprint, any length or count, any index, bytes that are not UTF-8.
 */
final class FuzzRecordsBody {

    static final long REQUEST_FINGERPRINT =
            SchemaNormalization.parsingFingerprint64(OnboardingRequest.getClassSchema());

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    FuzzRecordsBody header(long fingerprint) {
        out.write(0xC3);
        out.write(0x01);
        for (int i = 0; i < 8; i++) {
            out.write((int) (fingerprint >>> (8 * i)));
        }
        return this;
    }

    FuzzRecordsBody varLong(long v) {
        long z = (v << 1) ^ (v >> 63);
        while ((z & ~0x7FL) != 0) {
            out.write((int) ((z & 0x7F) | 0x80));
            z >>>= 7;
        }
        out.write((int) z);
        return this;
    }

    FuzzRecordsBody str(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    FuzzRecordsBody bytes(byte[] b) {
        varLong(b.length);
        return raw(b);
    }

    FuzzRecordsBody raw(byte[] b) {
        out.write(b, 0, b.length);
        return this;
    }

    byte[] toBytes() {
        return out.toByteArray();
    }

    /** The body Avro writes for {@code r} (no header). */
    static byte[] requestBody(OnboardingRequest r) {
        FuzzRecordsBody b = strings(new FuzzRecordsBody(), r).varLong(r.getRequestedAt().toEpochMilli());
        if (r.getDeadline() == null) {
            b.varLong(0);
        } else {
            b.varLong(1).varLong(r.getDeadline().toEpochMilli());
        }
        if (!r.getMetadata().isEmpty()) {
            b.varLong(r.getMetadata().size());
            r.getMetadata().forEach((k, v) -> b.str(k).str(v));
        }
        return b.varLong(0).toBytes();
    }

    /** The request's seven leading string fields. */
    static FuzzRecordsBody strings(FuzzRecordsBody b, OnboardingRequest r) {
        return b.str(r.getRequestId()).str(r.getOrgId()).str(r.getRegion()).str(r.getConfigName())
                .str(r.getProvider()).str(r.getKeyVaultKeyIdentifier()).str(r.getCredentialRef());
    }
}
