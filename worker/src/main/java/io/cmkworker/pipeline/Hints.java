package io.cmkworker.pipeline;

import io.cmkworker.domain.Region;
import io.cmkworker.domain.Verdict;
import io.cmkworker.platform.PlatformOperation;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What to check, and who can fix it, for an onboarding that did not complete: the {@code hint} of a
 * {@code FAILED}, {@code ERROR} or {@code TIMED_OUT} outcome. Read from the outcome's own facts (the
 * verdict, the reason the worker wrote, the Platform's last job status, the organisation, vault, key and
 * credential), so it names the vault, key, org and credential concerned and the command to run.
 *
 * <p>The Platform says only {@code FAILED} when it cannot use a key, so that hint lists the causes
 * the reference gives, most frequent first: the CMK app's consent, its role, the vault's settings, the
 * key. Call failures are recognised by the text {@link io.cmkworker.platform.PlatformCallException}
 * writes ({@code <operation> answered HTTP <status> (<code>: <message>)}); the unit tests hold that
 * text and these rules together.
 */
public final class Hints {

    /** Whom and what an outcome is about. */
    public record Subject(String orgId, String region, String configName, String keyVaultKeyIdentifier,
                          String credentialRef) {
    }

    /** A Platform or IMS call that failed, as the reason text tells it. */
    record CallFailure(PlatformOperation operation, int status, String code, String message) {
        boolean isIms() {
            return operation == PlatformOperation.IMS_TOKEN;
        }
    }

    private static final String APPLICATION_ID = "<applicationId>";
    private static final Pattern STILL = Pattern.compile("while the job was still (\\w+)");
    private static final Pattern ANSWERED = Pattern.compile(" answered HTTP (\\d{3})(?: \\((.*)\\))?");

    private Hints() {
    }

    /** The hint for an outcome, or null when it needs none (COMPLETED; REJECTED lists its violations). */
    public static String forOutcome(Verdict verdict, String reason, String jobStatus, Subject subject) {
        String why = reason == null ? "" : reason;
        return switch (verdict) {
            case FAILED -> failed(subject);
            case TIMED_OUT -> timedOut(why, jobStatus, subject);
            case ERROR -> error(why, jobStatus, subject);
            case COMPLETED, REJECTED -> null;
        };
    }

    /** The hint for a failed call outside an onboarding (the {@code app-registration} command). */
    public static String forCallFailure(String message, Subject subject) {
        return error(message == null ? "" : message, null, subject);
    }

    /**
     * The checklist for a FAILED job, in the order the causes are met: consent, role, vault settings, network,
     * key. Each gives the read-only command first; a change that cannot be undone comes after its warning.
     */
    private static String failed(Subject s) {
        Optional<AzureKeySetup> setup = AzureKeySetup.of(s.keyVaultKeyIdentifier());
        AzureKeySetup k = setup.orElse(new AzureKeySetup("<vault>", false, "<key>"));
        String key = setup.map(x -> "key '" + x.keyName() + "' in " + x.store()).orElse("the key");
        String network = k.managedHsm() ? "" : " 4) the network: the same show lists the firewall; if it restricts"
                + " access, Adobe asks that trusted Microsoft services get through and " + AzureKeySetup.ADOBE_IP
                + " be allowed: " + String.join("; ", k.openFirewallToAdobe()) + ";";
        return "The Platform could not use " + key + ". An Azure admin of the vault's tenant checks, read-only"
                + " first: 1) consent to Adobe's CMK app is accepted (consent URL and " + APPLICATION_ID + ": "
                + appRegistration(s) + "; then az ad sp show --id " + APPLICATION_ID + "); 2) the app holds the role: "
                + k.roleAssignments(APPLICATION_ID) + "; if not: " + k.roleAssignment(APPLICATION_ID) + "; 3) soft"
                + " delete, purge protection" + (k.managedHsm() ? "" : " and Azure RBAC") + " are on: " + k.showSettings()
                + "; only if purge protection is off: " + warning(AzureKeySetup.PURGE_PROTECTION_WARNING) + ": "
                + k.enablePurgeProtection().get(1) + (k.managedHsm() ? "" : "; only if RBAC is off: "
                + warning(AzureKeySetup.RBAC_WARNING.replace("{vault}", k.vaultName())) + ": " + k.enableRbac().get(1))
                + ";" + network + " " + (k.managedHsm() ? 4 : 5) + ") the key is RSA or RSA-HSM of at least "
                + AzureKeySetup.MIN_RSA_BITS + " bits, enabled, within its dates, with wrapKey and unwrapKey permitted: "
                + k.keyCheck() + " (" + AzureSources.ADOBE_VAULT_CONFIG + "). 'preflight' checks all of this before a"
                + " submit. The FAILED configuration keeps its name: resubmit under a new configName (submit --retry"
                + " does).";
    }

    /** A warning comment as prose inside a one-line hint. */
    private static String warning(String comment) {
        return comment.replaceFirst("^# WARNING: ", "note that ");
    }

    private static String timedOut(String reason, String jobStatus, Subject s) {
        if (reason.contains("when the worker took the request")) {
            return "The deadline had passed before the worker took the request, so nothing was sent to the"
                    + " Platform: resubmit with a later deadline, or none (onboarding.deadline applies).";
        }
        Matcher still = STILL.matcher(reason);
        String status = still.find() ? still.group(1) : jobStatus;
        if ("UPDATE_EXISTING_RESOURCES".equals(status)) {
            return "The Platform accepted the key and was still updating org " + s.orgId() + "'s datastores:"
                    + " nothing to fix; resubmit with the same configName to follow the job to its end.";
        }
        if (status != null) {
            Optional<AzureKeySetup> setup = AzureKeySetup.of(s.keyVaultKeyIdentifier());
            return "The Platform was still checking access to " + setup.map(AzureKeySetup::store).orElse("the vault")
                    + " when the deadline passed: usually the CMK app cannot reach the key. Check the consent ("
                    + appRegistration(s) + "), the role (" + setup.map(k -> k.roleAssignments(APPLICATION_ID)
                    + "; if absent: " + k.roleAssignment(APPLICATION_ID)).orElse(AzureKeySetup.VAULT_ROLE) + ") and"
                    + " that the vault's firewall lets trusted Microsoft services through (" + setup.map(
                    AzureKeySetup::showSettings).orElse("az keyvault show") + "); 'preflight' checks all three. Then"
                    + " resubmit with the same configName to keep following the job.";
        }
        Optional<CallFailure> call = callFailure(reason);
        String who = call.map(c -> c.isIms() ? "IMS" : "The Platform").orElse("The Platform") + " ("
                + call.map(c -> c.isIms() ? "the ims.url host" : platformHost(s)).orElse(platformHost(s)) + ")";
        return who + " did not answer successfully until the deadline: check the worker's network path to it and"
                + " Adobe's status page, then resubmit with the same configName (a configuration already created"
                + " is followed, not created again).";
    }

    private static String error(String reason, String jobStatus, Subject s) {
        if (reason.contains("with another key")) {
            return "Configuration name '" + s.configName() + "' is taken in org " + s.orgId() + " by another key:"
                    + " resubmit under a new configName (submit --retry does).";
        }
        if (reason.startsWith("no credential named")) {
            return "The worker has no credential '" + s.credentialRef() + "': add "
                    + credentialKeys(s.credentialRef()) + " to its configuration, or name a configured one.";
        }
        if (reason.contains("has not found it")) {
            return "The Platform accepted configuration '" + s.configName() + "' but never showed it: check org "
                    + s.orgId() + "'s encryption settings in Experience Platform, then resubmit.";
        }
        if (reason.startsWith("internal error")) {
            return "A defect in the worker ended this request: see the worker's log at the outcome's finishedAt,"
                    + " then resubmit.";
        }
        Optional<CallFailure> call = callFailure(reason);
        if (call.isEmpty()) {
            return "See the reason; once it is fixed, resubmit (a new requestId).";
        }
        CallFailure c = call.get();
        if (c.status() == 0) {
            return nothingAnswered(c, s);
        }
        if (c.isIms()) {
            if (c.code().equals("invalid_scope")) {
                return "IMS refused the scopes of credential '" + s.credentialRef() + "': its project in Adobe"
                        + " Developer Console needs the Experience Platform API with a product profile; check"
                        + " credentials." + s.credentialRef() + ".scopes.";
            }
            return "IMS refused credential '" + s.credentialRef() + "' (HTTP " + c.status() + "): check "
                    + credentialKeys(s.credentialRef()) + " against its OAuth Server-to-Server credential in Adobe"
                    + " Developer Console.";
        }
        if (c.status() == 403 && (c.code().equals("403025") || c.message().contains("Profile is not valid"))) {
            return "The Platform refused credential '" + s.credentialRef() + "' for org " + s.orgId() + " (403 "
                    + c.code() + "): its technical account has no product profile there. In Adobe Admin Console,"
                    + " add it to an Experience Platform product profile and give it a role with the 'Manage"
                    + " Customer Managed Key' permission.";
        }
        if (c.status() == 403) {
            return "The Platform refused org " + s.orgId() + " for credential '" + s.credentialRef() + "' (403"
                    + (c.code().isEmpty() ? "" : " " + c.code()) + "): check the org ID, and that the credential's"
                    + " project belongs to this org (each org needs a credential of its own).";
        }
        if (c.status() == 401) {
            return "The Platform rejected fresh tokens of credential '" + s.credentialRef() + "' (401): its project"
                    + " lacks the Experience Platform API, or belongs to another org than " + s.orgId() + ".";
        }
        return "The Platform refused the call (" + c.operation().description() + ", HTTP " + c.status() + "): check"
                + " the key identifier is the key's full URI and org " + s.orgId() + " is in region " + s.region()
                + "; the reason has the Platform's words.";
    }

    /** No HTTP answer at all: nothing was refused, so no credential or key is in question yet. */
    private static String nothingAnswered(CallFailure c, Subject s) {
        String who = c.isIms() ? "IMS (the ims.url host)" : "the Platform (" + platformHost(s) + ")";
        return "Nothing answered from " + who + " (" + c.operation().description() + ": no HTTP response, so nothing"
                + " was refused and no credential was checked): check this machine's network path to it (DNS, proxy,"
                + " firewall), the configured URL, and Adobe's status page, then try again.";
    }

    /** The call failure a reason reports, if it reports one (also as the "last error" of a TIMED_OUT). */
    static Optional<CallFailure> callFailure(String reason) {
        for (PlatformOperation op : PlatformOperation.values()) {
            int at = reason.lastIndexOf(op.description());
            if (at < 0) {
                continue;
            }
            String rest = reason.substring(at + op.description().length());
            if (rest.startsWith(" got no response")) {
                return Optional.of(new CallFailure(op, 0, "", ""));
            }
            Matcher m = ANSWERED.matcher(rest);
            if (m.lookingAt()) {
                String error = m.group(2) == null ? "" : m.group(2);
                int colon = error.indexOf(": ");
                String code = colon < 0 || error.substring(0, colon).contains(" ") ? "" : error.substring(0, colon);
                String message = code.isEmpty() ? error : error.substring(colon + 2);
                return Optional.of(new CallFailure(op, Integer.parseInt(m.group(1)), code, message));
            }
        }
        return Optional.empty();
    }

    private static String appRegistration(Subject s) {
        return "java -jar cmk-worker.jar app-registration --org " + s.orgId() + " --region " + s.region() + " --credential "
                + s.credentialRef();
    }

    private static String platformHost(Subject s) {
        return Region.find(s.region()).map(Region::host).orElse("the region's host");
    }

    private static String credentialKeys(String ref) {
        String r = ref == null ? "<ref>" : ref.toLowerCase(Locale.ROOT);
        return "credentials." + r + ".client.id and credentials." + r + ".client.secret";
    }
}
