package io.cmkworker.it;

import io.cmkworker.events.Codecs;
import io.cmkworker.events.LedgerEntry;
import io.cmkworker.events.LedgerState;
import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.events.OnboardingRequest;
import io.cmkworker.events.OutcomeStatus;
import io.cmkworker.events.StatusCheck;
import io.cmkworker.events.Step;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.SchemaNormalization;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Utils;

/**
 * Deterministic generator of hostile records for {@link FuzzIT}: bytes that are not an event at all,
 * events framed wrongly or of the wrong type, and well-framed requests with every field invalid in
 * turn (and several at once), mixed with valid requests. Every case says what the worker must make of
 * it: one dead letter (found by the record's unique key, or by its {@value #SEQ_HEADER} header when the
 * key is null), one {@code REJECTED} outcome (found by its unique request ID, with exactly the
 * violated fields listed), or one {@code COMPLETED} outcome.
 *
 * <p>The expectations are written from the rules (RequestValidator and KeyVaultRules as documented),
 * never computed by calling them, so a validator that lets an invalid value through makes FuzzIT fail.
 */
final class FuzzRecords {

    /** Header carried by every generated record: its sequence number. Dead letters copy original headers. */
    static final String SEQ_HEADER = "fuzz-seq";

    /** The fields of a request in the order the validator checks them (and lists violations). */
    static final List<String> FIELD_ORDER = List.of("requestId", "orgId", "region", "configName", "provider",
            "keyVaultKeyIdentifier", "credentialRef", "deadline", "metadata");

    private static final String[] REGIONS = {"VA7", "NLD2", "AUS5"};
    private static final long REQUEST_FINGERPRINT = FuzzRecordsBody.REQUEST_FINGERPRINT;

    enum Expect { DEAD_LETTER, REJECTED, COMPLETED }

    /**
     * One record to publish and what must come of it.
     *
     * @param partition explicit partition, or null for the producer's key hash
     * @param requestId the request ID an outcome must carry (REJECTED, COMPLETED); null when not decodable
     * @param orgId the decoded org ID, or null when not decodable
     * @param fields for REJECTED: exactly the fields the violations must name, in order
     * @param variants for a decodable request: how each invalid field was made invalid
     * @param forwarded sent to a partition other than its org's (the worker must forward it first)
     */
    record Case(int seq, String category, Integer partition, byte[] key, byte[] value, RecordHeaders headers,
                Expect expect, String requestId, String orgId, String configName, List<String> fields,
                Map<String, String> variants, boolean forwarded) {

        /** How {@code field} was made invalid, for example {@code region (trailing newline)}. */
        String variant(String field) {
            return field + " (" + variants.getOrDefault(field, "?") + ")";
        }

        String keyText() {
            return key == null ? null : new String(key, StandardCharsets.UTF_8);
        }

        String describe() {
            return "#" + seq + " [" + category + "] expect " + expect
                    + (requestId == null ? "" : " requestId=" + shorten(requestId))
                    + (orgId == null ? "" : " orgId=" + shorten(orgId))
                    + (fields == null ? "" : " fields=" + fields)
                    + (forwarded ? " (keyed by another key, forwarded)" : "")
                    + " key=" + (key == null ? "null" : shorten(keyText()))
                    + " value=" + (value == null ? "null" : value.length + " bytes");
        }
    }

    private final Random random;
    private final FuzzRecordsVariants variants;
    private final String tag;
    private final String credential;
    private final int partitions;
    private final Instant now;
    private final List<Case> cases = new ArrayList<>();
    private final Map<String, Integer> counts = new TreeMap<>();
    private final Set<String> keys = new HashSet<>();
    private int seq;

    private FuzzRecords(long seed, String tag, String credential, int partitions, Instant now) {
        this.random = new Random(seed);
        this.variants = new FuzzRecordsVariants(tag, credential, random);
        this.tag = tag;
        this.credential = credential;
        this.partitions = partitions;
        this.now = now;
    }

    /**
     * The cases, shuffled with the same seed.
     *
     * @param tag unique per run, put into every generated request ID
     * @param credential the credential the worker knows
     * @param partitions partition count of the requests topic
     * @param valid how many valid requests to mix in
     */
    static FuzzRecords generate(long seed, String tag, String credential, int partitions, Instant now, int valid) {
        FuzzRecords g = new FuzzRecords(seed, tag, credential, partitions, now);
        g.selfCheck();
        g.randomBytes();
        g.truncated();
        g.wrongFingerprints();
        g.markerWithGarbage();
        g.otherEventTypes();
        g.hostileLengths();
        g.trailingBytes();
        g.invalidFields();
        g.invalidUtf8();
        g.combinations();
        g.handcraftedCombinations();
        g.valid(valid);
        Collections.shuffle(g.cases, g.random);
        return g;
    }

    List<Case> cases() {
        return cases;
    }

    /** Records per category. */
    Map<String, Integer> counts() {
        return counts;
    }

    long count(Expect expect) {
        return cases.stream().filter(c -> c.expect() == expect).count();
    }

    /** The partition Kafka's default partitioner (and the worker) gives a key. */
    static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** A well-formed org ID nobody else uses ("FZ" is not hex, unlike {@link Requests}' org IDs). */
    static String orgId(int n) {
        return String.format("FZ%022X@AdobeOrg", n);
    }

    // ---------------------------------------------------------------------------------------------
    // Not an event at all, or not one the worker reads from the requests topic: dead letters.

    private void randomBytes() {
        undecodable("random bytes: empty value", new byte[0], true);
        undecodable("random bytes: null value", null, true);
        undecodable("random bytes: empty value", new byte[0], false);
        undecodable("random bytes: null value", null, false);
        // Larger than a dead letter copies (the value is omitted, the key kept), and just below that.
        undecodable("random bytes: 950 KB", bytes(950 * 1024), true);
        undecodable("random bytes: 800 KB", bytes(800 * 1024), true);
        for (int i = 0; i < 3000; i++) {
            double r = random.nextDouble();
            int length = r < 0.6 ? 1 + random.nextInt(64) : r < 0.92 ? 65 + random.nextInt(2000)
                    : 2049 + random.nextInt(30_000);
            undecodable("random bytes", bytes(length), i % 250 == 0);
        }
        for (int i = 0; i < 100; i++) {
            // A plausible-looking text payload, the kind a misconfigured producer sends.
            undecodable("random bytes: json", ("{\"requestId\":\"" + tag + "-json-" + i + "\",\"orgId\":\"" + orgId(i)
                    + "\"}").getBytes(StandardCharsets.UTF_8), false);
        }
    }

    private void truncated() {
        for (int i = 0; i < 1500; i++) {
            int n = seq;
            byte[] full = Codecs.REQUEST.encode(base(n).build());
            // Short cuts exercise the header checks, longer ones the body; every prefix of a datum is invalid.
            int cut = i % 5 == 0 ? random.nextInt(11) : random.nextInt(full.length);
            undecodable("truncated request", Arrays.copyOf(full, cut), false);
        }
    }

    private void wrongFingerprints() {
        long[] others = {
                SchemaNormalization.parsingFingerprint64(StatusCheck.getClassSchema()),
                SchemaNormalization.parsingFingerprint64(OnboardingOutcome.getClassSchema()),
                SchemaNormalization.parsingFingerprint64(LedgerEntry.getClassSchema()),
                0L, -1L, Long.reverseBytes(REQUEST_FINGERPRINT)};
        for (int i = 0; i < 800; i++) {
            byte[] body = FuzzRecordsBody.requestBody(base(seq).build());
            long fingerprint = switch (i % 4) {
                case 0 -> random.nextLong();
                case 1 -> others[random.nextInt(others.length)];
                case 2 -> REQUEST_FINGERPRINT ^ (1L << random.nextInt(64)); // one bit off
                default -> REQUEST_FINGERPRINT + 1 + random.nextInt(1000);
            };
            undecodable("unknown fingerprint", new FuzzRecordsBody().header(fingerprint).raw(body).toBytes(), false);
        }
    }

    private void markerWithGarbage() {
        for (int i = 0; i < 800; i++) {
            byte[] garbage = bytes(random.nextInt(300));
            undecodable("C3 01 then garbage",
                    new FuzzRecordsBody().raw(new byte[] {(byte) 0xC3, 0x01}).raw(garbage).toBytes(), false);
        }
        for (int i = 0; i < 50; i++) {
            // Other single-object versions and a bare marker.
            undecodable("C3 01 then garbage", new FuzzRecordsBody().raw(new byte[] {(byte) 0xC3, (byte) (2 + i)})
                    .raw(bytes(8 + random.nextInt(40))).toBytes(), false);
        }
        undecodable("C3 01 then garbage", new byte[] {(byte) 0xC3, 0x01}, false);
        undecodable("C3 01 then garbage", new byte[] {(byte) 0xC3}, false);
        undecodable("C3 01 then garbage", new FuzzRecordsBody().header(REQUEST_FINGERPRINT).toBytes(), false);
    }

    private void otherEventTypes() {
        for (int i = 0; i < 100; i++) {
            int n = seq;
            StatusCheck check = StatusCheck.newBuilder().setRequestId(tag + "-" + n).setOrgId(orgId(n))
                    .setRegion("VA7").setConfigName("fz-cfg-" + n).setProvider("AZURE_KEYVAULT")
                    .setKeyVaultKeyIdentifier(keyId(n)).setCredentialRef(credential).setStep(Step.SUBMIT)
                    .setAttempt(0).setFailures(0).setDueAt(now).setDeadline(now.plusSeconds(3600))
                    .setStartedAt(now).setCallsMade(0).setConfigId(null).setLastError(null)
                    .setMetadata(Map.of()).build();
            undecodable("StatusCheck on the requests topic", Codecs.STATUS_CHECK.encode(check), false);
        }
        for (int i = 0; i < 100; i++) {
            int n = seq;
            OnboardingOutcome outcome = outcome(n);
            undecodable("OnboardingOutcome on the requests topic", Codecs.OUTCOME.encode(outcome), false);
        }
        for (int i = 0; i < 100; i++) {
            int n = seq;
            LedgerEntry entry = new LedgerEntry(tag + "-" + n, orgId(n), LedgerState.DONE,
                    ByteBuffer.wrap(Codecs.OUTCOME.encode(outcome(n))), now, null);
            undecodable("LedgerEntry on the requests topic", Codecs.LEDGER.encode(entry), false);
        }
    }

    /** Right header, then lengths, counts and indexes no honest writer produces. */
    private void hostileLengths() {
        long[] huge = {Integer.MAX_VALUE, 1L << 31, 1L << 40, Long.MAX_VALUE, Long.MIN_VALUE, -1, -2,
                Integer.MIN_VALUE, 100_000_000, 1_000_001};
        for (int i = 0; i < 800; i++) {
            int n = seq;
            OnboardingRequest r = base(n).setMetadata(Map.of()).build();
            long claim = i % 3 == 0 ? huge[random.nextInt(huge.length)] : (long) (random.nextDouble() * Long.MAX_VALUE);
            FuzzRecordsBody b = new FuzzRecordsBody().header(REQUEST_FINGERPRINT);
            switch (i % 8) {
                case 0 -> b.varLong(claim).raw(bytes(random.nextInt(64)));            // requestId length
                case 1 -> b.str(r.getRequestId()).str(r.getOrgId()).str(r.getRegion()).varLong(claim)
                        .raw(bytes(random.nextInt(64)));                               // configName length
                case 2 -> FuzzRecordsBody.strings(b, r).varLong(now.toEpochMilli()).varLong(0)
                        .varLong(Math.abs(claim) | 1_000_000).raw(bytes(random.nextInt(64))); // metadata count
                case 3 -> FuzzRecordsBody.strings(b, r).varLong(now.toEpochMilli()).varLong(0)
                        .varLong(-(Math.abs(claim % 1_000_000_000L) + 200_000)).varLong(claim)
                        .raw(bytes(random.nextInt(64)));                               // negative block count + size
                case 4 -> FuzzRecordsBody.strings(b, r).varLong(now.toEpochMilli())
                        .varLong(2 + Math.abs(claim % 1000)).raw(bytes(random.nextInt(16))); // deadline union index
                case 5 -> FuzzRecordsBody.strings(b, r).varLong(now.toEpochMilli())
                        .varLong(-1 - Math.abs(claim % 1000));                        // negative union index
                case 6 -> {                                                            // a number of 11+ bytes
                    byte[] endless = new byte[11 + random.nextInt(20)];
                    Arrays.fill(endless, (byte) 0xFF);
                    b.raw(endless);
                }
                default -> FuzzRecordsBody.strings(b, r).varLong(now.toEpochMilli()).varLong(0).varLong(1)
                        .varLong(claim).raw(bytes(random.nextInt(64)));                // metadata key length
            }
            undecodable("hostile length or index", b.toBytes(), false);
        }
    }

    private void trailingBytes() {
        for (int i = 0; i < 200; i++) {
            byte[] full = Codecs.REQUEST.encode(base(seq).build());
            undecodable("bytes after the record",
                    new FuzzRecordsBody().raw(full).raw(bytes(1 + random.nextInt(100))).toBytes(), false);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Decodable requests with invalid fields.

    private void invalidFields() {
        int rounds = 12;
        for (int round = 0; round < rounds; round++) {
            fieldCases("requestId", variants.requestId(), (b, v) -> b.setRequestId(v));
            fieldCases("orgId", variants.orgId(), (b, v) -> b.setOrgId(v));
            fieldCases("region", variants.region(), (b, v) -> b.setRegion(v));
            fieldCases("configName", variants.configName(), (b, v) -> b.setConfigName(v));
            fieldCases("provider", variants.provider(), (b, v) -> b.setProvider(v));
            fieldCases("keyVaultKeyIdentifier", variants.keyId(), (b, v) -> b.setKeyVaultKeyIdentifier(v));
            fieldCases("credentialRef", variants.credential(), (b, v) -> b.setCredentialRef(v));
        }
        for (int i = 0; i < 120; i++) {
            Duration ago = switch (i % 6) {
                case 0 -> Duration.ofMillis(1 + random.nextInt(1000));
                case 1 -> Duration.ofSeconds(1 + random.nextInt(3600));
                case 2 -> Duration.ofDays(1 + random.nextInt(3650));
                case 3 -> Duration.ofMillis(now.toEpochMilli());                   // the epoch
                case 4 -> Duration.ofMillis(now.toEpochMilli() + 1_000_000_000L);  // before the epoch
                default -> Duration.ofSeconds(30);
            };
            int n = seq;
            decodable("invalid deadline: in the past", base(n).setDeadline(now.minus(ago)).build(),
                    List.of("deadline"), Map.of("deadline", "in the past"), false);
        }
        for (int i = 0; i < 120; i++) {
            int n = seq;
            Map<String, String> metadata = new LinkedHashMap<>();
            String label;
            switch (i % 8) {
                case 0 -> {
                    label = "33 entries";
                    for (int k = 0; k < 33; k++) {
                        metadata.put("k" + k, "v");
                    }
                }
                case 1 -> {
                    label = "5000 entries";
                    for (int k = 0; k < 5000; k++) {
                        metadata.put("k" + k, "v" + k);
                    }
                }
                case 2 -> {
                    label = "a 513-character value";
                    metadata.put("ok", "fine");
                    metadata.put("big", FuzzRecordsVariants.pad("", 513, 'v'));
                }
                case 3 -> {
                    label = "a 100 KB value";
                    metadata.put("huge", FuzzRecordsVariants.pad("", 100 * 1024, 'h'));
                }
                case 4 -> {
                    label = "an empty key";
                    metadata.put("", "v");
                }
                case 5 -> {
                    label = "a 65-character key";
                    metadata.put(FuzzRecordsVariants.pad("", 65, 'k'), "v");
                }
                case 6 -> {
                    label = "33 entries with a huge value";
                    for (int k = 0; k < 33; k++) {
                        metadata.put("k" + k, k == 0 ? FuzzRecordsVariants.pad("", 200 * 1024, 'w') : "v");
                    }
                }
                default -> {
                    label = "a value of 300 KB";
                    metadata.put("x", FuzzRecordsVariants.pad("", 300 * 1024, 'y'));
                }
            }
            decodable("invalid metadata: " + label, base(n).setMetadata(metadata).build(), List.of("metadata"),
                    Map.of("metadata", label), false);
        }
    }

    private interface Setter {
        void set(OnboardingRequest.Builder builder, String value);
    }

    private void fieldCases(String field, List<FuzzRecordsVariants.Bad> variants, Setter setter) {
        for (FuzzRecordsVariants.Bad bad : variants) {
            int n = seq;
            OnboardingRequest.Builder b = base(n);
            setter.set(b, bad.value().apply(n));
            decodable("invalid " + field + ": " + bad.label(), b.build(), List.of(field), Map.of(field, bad.label()),
                    bad.deadLetter());
        }
    }

    /** Strings that are not UTF-8 in a field; Avro reads them leniently (U+FFFD), and the validator must refuse. */
    private void invalidUtf8() {
        byte[][] malformed = {{(byte) 0xC3}, {(byte) 0xFF, (byte) 0xFE}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xE2, (byte) 0x82}};
        for (int i = 0; i < 200; i++) {
            int n = seq;
            OnboardingRequest r = base(n).setMetadata(Map.of()).build();
            byte[] bad = malformed[i % malformed.length];
            boolean inRegion = i % 2 == 0;
            FuzzRecordsBody b = new FuzzRecordsBody().header(REQUEST_FINGERPRINT).str(r.getRequestId())
                    .str(r.getOrgId());
            if (inRegion) {
                b.bytes(concat("VA".getBytes(StandardCharsets.UTF_8), bad)).str(r.getConfigName());
            } else {
                b.str(r.getRegion()).bytes(concat(("cfg-" + n).getBytes(StandardCharsets.UTF_8), bad));
            }
            b.str(r.getProvider()).str(r.getKeyVaultKeyIdentifier()).str(r.getCredentialRef())
                    .varLong(now.toEpochMilli()).varLong(0).varLong(0);
            add(new Case(n, "invalid UTF-8 in " + (inRegion ? "region" : "configName"), null,
                    r.getOrgId().getBytes(StandardCharsets.UTF_8), b.toBytes(), new RecordHeaders(), Expect.REJECTED,
                    r.getRequestId(), r.getOrgId(), null, List.of(inRegion ? "region" : "configName"),
                    Map.of(inRegion ? "region" : "configName", "invalid UTF-8"), false));
        }
    }

    /** Several invalid fields at once (never requestId or orgId so blank as to make it a dead letter). */
    private void combinations() {
        Map<String, List<FuzzRecordsVariants.Bad>> byField = new LinkedHashMap<>();
        byField.put("requestId", variants.requestId().stream().filter(b -> !b.deadLetter()).toList());
        byField.put("orgId", variants.orgId().stream().filter(b -> !b.deadLetter()).toList());
        byField.put("region", variants.region());
        byField.put("configName", variants.configName());
        byField.put("provider", variants.provider());
        byField.put("keyVaultKeyIdentifier", variants.keyId());
        byField.put("credentialRef", variants.credential());
        List<String> candidates = new ArrayList<>(byField.keySet());
        candidates.add("deadline");
        candidates.add("metadata");
        for (int i = 0; i < 800; i++) {
            int n = seq;
            List<String> chosen = new ArrayList<>(candidates);
            Collections.shuffle(chosen, random);
            chosen = chosen.subList(0, 2 + random.nextInt(chosen.size() - 1));
            OnboardingRequest.Builder b = base(n);
            Map<String, String> labels = new LinkedHashMap<>();
            for (String field : chosen) {
                switch (field) {
                    case "deadline" -> {
                        b.setDeadline(now.minusSeconds(1 + random.nextInt(100_000)));
                        labels.put(field, "in the past");
                    }
                    case "metadata" -> {
                        b.setMetadata(Map.of("", "empty key"));
                        labels.put(field, "an empty key");
                    }
                    default -> {
                        List<FuzzRecordsVariants.Bad> variants = byField.get(field);
                        FuzzRecordsVariants.Bad bad = variants.get(random.nextInt(variants.size()));
                        labels.put(field, bad.label());
                        String value = bad.value().apply(n);
                        switch (field) {
                            case "requestId" -> b.setRequestId(value);
                            case "orgId" -> b.setOrgId(value);
                            case "region" -> b.setRegion(value);
                            case "configName" -> b.setConfigName(value);
                            case "provider" -> b.setProvider(value);
                            case "keyVaultKeyIdentifier" -> b.setKeyVaultKeyIdentifier(value);
                            default -> b.setCredentialRef(value);
                        }
                    }
                }
            }
            List<String> fields = FIELD_ORDER.stream().filter(chosen::contains).toList();
            decodable("combination of " + fields.size() + " invalid fields", b.build(), fields, labels, false);
        }
    }

    /** Cases whose exact violation list is written out by hand. */
    private void handcraftedCombinations() {
        int n = seq;
        decodable("handcrafted: region and credentialRef",
                base(n).setRegion("MARS1").setCredentialRef("nobody").build(), List.of("region", "credentialRef"),
                Map.of(), false);
        n = seq;
        decodable("handcrafted: configName, provider, keyVaultKeyIdentifier",
                base(n).setConfigName("..").setProvider("AWS_KMS")
                        .setKeyVaultKeyIdentifier("http://fzv" + n + ".vault.azure.net/keys/k").build(),
                List.of("configName", "provider", "keyVaultKeyIdentifier"), Map.of(), false);
        n = seq;
        decodable("handcrafted: every field",
                base(n).setRequestId(tag + " every " + n).setOrgId("not-an-org-" + n).setRegion("mars\n")
                        .setConfigName("a/b").setProvider("").setKeyVaultKeyIdentifier("https://evil.com/keys/k")
                        .setCredentialRef("nobody").setDeadline(now.minusSeconds(60))
                        .setMetadata(Map.of("", "v")).build(),
                List.of("requestId", "orgId", "region", "configName", "provider", "keyVaultKeyIdentifier",
                        "credentialRef", "deadline", "metadata"), Map.of(), false);
        n = seq;
        Map<String, String> threeBad = new LinkedHashMap<>();
        threeBad.put("", "empty key");
        threeBad.put(FuzzRecordsVariants.pad("", 65, 'k'), "long key");
        threeBad.put("long value", FuzzRecordsVariants.pad("", 600, 'v'));
        threeBad.put("fine", "fine");
        decodable("handcrafted: region and three bad metadata entries",
                base(n).setRegion("").setMetadata(threeBad).build(),
                List.of("region", "metadata", "metadata", "metadata"), Map.of(), false);
        n = seq;
        decodable("handcrafted: blank configName, empty keyVaultKeyIdentifier, empty credentialRef",
                base(n).setConfigName(" ").setKeyVaultKeyIdentifier("").setCredentialRef("").build(),
                List.of("configName", "keyVaultKeyIdentifier", "credentialRef"), Map.of(), false);
        n = seq;
        decodable("handcrafted: userinfo trick and past deadline",
                base(n).setKeyVaultKeyIdentifier("https://fzv" + n + ".vault.azure.net@evil.com/keys/k")
                        .setDeadline(Instant.EPOCH).build(),
                List.of("keyVaultKeyIdentifier", "deadline"), Map.of(), false);
    }

    private void valid(int count) {
        for (int i = 0; i < count; i++) {
            int n = seq++;
            OnboardingRequest r = Requests.valid(credential).build();
            boolean forwarded = i % 40 == 7;
            byte[] key = (forwarded ? "elsewhere-" + n : r.getOrgId()).getBytes(StandardCharsets.UTF_8);
            Integer partition = forwarded ? (partitionOf(r.getOrgId(), partitions) + 1) % partitions : null;
            add(new Case(n, "valid" + (forwarded ? " (forwarded)" : ""), partition, key, Codecs.REQUEST.encode(r),
                    new RecordHeaders(), Expect.COMPLETED, r.getRequestId(), r.getOrgId(), r.getConfigName(), null,
                    Map.of(), forwarded));
        }
    }

    // ---------------------------------------------------------------------------------------------

    private OnboardingRequest.Builder base(int n) {
        return OnboardingRequest.newBuilder()
                .setRequestId(tag + "-" + n)
                .setOrgId(orgId(n))
                .setRegion(REGIONS[random.nextInt(REGIONS.length)])
                .setConfigName("fz-cfg-" + n)
                .setProvider("AZURE_KEYVAULT")
                .setKeyVaultKeyIdentifier(keyId(n))
                .setCredentialRef(credential)
                .setRequestedAt(now)
                .setDeadline(random.nextBoolean() ? null : now.plus(Duration.ofDays(1)))
                .setMetadata(Map.of("fuzz", "yes"));
    }

    private String keyId(int n) {
        return "https://fzvault" + n + ".vault.azure.net/keys/fz-key-" + n
                + (random.nextBoolean() ? "/" + randomLowerHex(32) : "");
    }

    private OnboardingOutcome outcome(int n) {
        return OnboardingOutcome.newBuilder().setRequestId(tag + "-" + n).setOrgId(orgId(n))
                .setConfigName("fz-cfg-" + n).setStatus(OutcomeStatus.COMPLETED).setReason("done")
                .setPlatform(null).setViolations(List.of()).setAttempts(3).setStartedAt(now).setFinishedAt(now)
                .setMetadata(Map.of()).setReplay(false).build();
    }

    /**
     * A decodable request. Keyed by its org ID like upstream does, except every 60th case (and those
     * with a blank org ID, whose key would not be unique), which the worker must forward first when
     * it is answerable.
     */
    private void decodable(String category, OnboardingRequest r, List<String> fields, Map<String, String> variants,
                           boolean deadLetter) {
        int n = seq;
        boolean otherKey = n % 60 == 0;
        boolean blankOrg = r.getOrgId().isBlank();
        byte[] key = (otherKey || blankOrg ? "fz-other-" + n : r.getOrgId()).getBytes(StandardCharsets.UTF_8);
        Integer partition = null;
        boolean forwarded = false;
        if (otherKey) {
            if (deadLetter) {
                partition = random.nextInt(partitions);
            } else {
                partition = (partitionOf(r.getOrgId(), partitions) + 1) % partitions;
                forwarded = true;
            }
        }
        add(new Case(n, category, partition, key, Codecs.REQUEST.encode(r), new RecordHeaders(),
                deadLetter ? Expect.DEAD_LETTER : Expect.REJECTED, r.getRequestId(), r.getOrgId(), r.getConfigName(),
                deadLetter ? null : fields, Map.copyOf(variants), forwarded));
    }

    /** A record that is not a request at all; some carry headers spoofing the dead-letter headers. */
    private void undecodable(String category, byte[] value, boolean nullKey) {
        int n = seq;
        RecordHeaders headers = new RecordHeaders();
        if (n % 40 == 0) {
            headers.add("cmk.dlq.original.topic", "spoofed".getBytes(StandardCharsets.UTF_8));
            headers.add("cmk.dlq.exception.class", "spoofed".getBytes(StandardCharsets.UTF_8));
        }
        byte[] key = nullKey ? null : ("fz-" + tag + "-" + n).getBytes(StandardCharsets.UTF_8);
        Integer partition = nullKey || n % 7 == 0 ? random.nextInt(partitions) : null;
        add(new Case(n, category, partition, key, value, headers, Expect.DEAD_LETTER, null, null, null, null, Map.of(),
                false));
    }

    private void add(Case c) {
        if (c.seq() != seq && c.expect() != Expect.COMPLETED) {
            throw new IllegalStateException("case " + c.seq() + " added out of turn");
        }
        if (c.expect() != Expect.COMPLETED) {
            seq++;
        }
        c.headers().add(SEQ_HEADER, Integer.toString(c.seq()).getBytes(StandardCharsets.UTF_8));
        if (c.key() != null && !keys.add(c.keyText())) {
            throw new IllegalStateException("duplicate key in case " + c.describe());
        }
        cases.add(c);
        String category = c.category().contains(":") ? c.category().substring(0, c.category().indexOf(':'))
                : c.category();
        counts.merge(category, 1, Integer::sum);
    }

    /** The hand-written body encoder must agree with Avro's, or the crafted cases test nothing. */
    private void selfCheck() {
        OnboardingRequest sample = base(0).setDeadline(now.plusSeconds(5)).setMetadata(Map.of("a", "b")).build();
        byte[] avro = Codecs.REQUEST.encode(sample);
        byte[] ours = new FuzzRecordsBody().header(REQUEST_FINGERPRINT).raw(FuzzRecordsBody.requestBody(sample))
                .toBytes();
        if (!Arrays.equals(avro, ours)) {
            throw new IllegalStateException("the test's request encoder disagrees with Avro's");
        }
    }

    private byte[] bytes(int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }

    private String randomLowerHex(int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(Character.forDigit(random.nextInt(16), 16));
        }
        return s.toString();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static String shorten(String s) {
        String escaped = s.codePoints().limit(80).collect(StringBuilder::new,
                (b, cp) -> b.append(cp < 0x20 || cp == 0x7F || cp > 0x7E ? String.format("\\u%04x", cp)
                        : String.valueOf((char) cp)), StringBuilder::append).toString();
        return s.length() > 80 ? escaped + "...(" + s.length() + " chars)" : escaped;
    }
}
