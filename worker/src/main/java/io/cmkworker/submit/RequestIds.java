package io.cmkworker.submit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Request IDs derived from what a line asks for, so the same line submitted again is the same request
 * (the worker's ledger answers it with a replay, nobody is onboarded twice) and a changed line is a new
 * one. The ID is {@code cmk-} and 32 hex digits of the SHA-256 of: org ID, region (upper case),
 * configuration name, key identifier (lower case: Azure compares it so), credential reference, attempt.
 * The credential is part of it so that fixing it makes a new request instead of a replay of the refusal;
 * the attempt, so that a retry is a new request even under the same configuration name.
 */
public final class RequestIds {

    public static final String PREFIX = "cmk-";

    private RequestIds() {
    }

    public static String of(Org org) {
        String text = String.join("\n", org.orgId(), org.region().toUpperCase(Locale.ROOT), org.configName(),
                org.keyVaultKeyIdentifier().toLowerCase(Locale.ROOT), org.credentialRef(),
                Integer.toString(org.attempt()));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
