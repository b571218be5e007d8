package io.cmkworker.events.registry;

import io.apicurio.registry.rest.client.RegistryClient;
import io.apicurio.registry.rest.client.models.CreateArtifact;
import io.apicurio.registry.rest.client.models.CreateArtifactResponse;
import io.apicurio.registry.rest.client.models.CreateRule;
import io.apicurio.registry.rest.client.models.CreateVersion;
import io.apicurio.registry.rest.client.models.IfArtifactExists;
import io.apicurio.registry.rest.client.models.ProblemDetails;
import io.apicurio.registry.rest.client.models.RuleType;
import io.apicurio.registry.rest.client.models.VersionContent;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the schema a side writes under its subject, the way the serde looks it up: in the registry's default
 * group (where the serde's {@code TopicIdStrategy} puts {@code <topic>-value}), as the schema's own JSON text. A
 * subject without a compatibility rule gets {@link #RULE} before anything is registered in it, so the registry itself
 * refuses a change that breaks readers; an incompatible schema is refused with {@link IncompatibleSchemaException}.
 */
final class SubjectRegistrar {

    private static final Logger log = LoggerFactory.getLogger(SubjectRegistrar.class);

    /** The registry's group of the subjects the serde uses. */
    static final String GROUP = "default";

    static final String RULE = RegistryFormat.COMPATIBILITY_RULE;

    private final RegistryClient client;
    private final URI registry;

    SubjectRegistrar(RegistryClient client, URI registry) {
        this.client = client;
        this.registry = registry;
    }

    /**
     * Makes sure {@code schema} is a version of {@code subject} (found if it is one already, else added under the
     * subject's rule), creating the subject with {@link #RULE} if it is new.
     *
     * @return the content ID the serde writes for it
     * @throws IncompatibleSchemaException if the subject's rule refuses it
     */
    long register(String subject, Schema schema) {
        boolean exists = ensureRule(subject);
        CreateVersion version = new CreateVersion();
        VersionContent content = new VersionContent();
        content.setContent(schema.toString());
        content.setContentType("application/json");
        version.setContent(content);
        CreateArtifact artifact = new CreateArtifact();
        artifact.setArtifactId(subject);
        artifact.setArtifactType("AVRO");
        artifact.setFirstVersion(version);
        CreateArtifactResponse created;
        try {
            created = client.groups().byGroupId(GROUP).artifacts().post(artifact, request -> {
                request.queryParameters.ifExists = IfArtifactExists.FIND_OR_CREATE_VERSION;
                request.queryParameters.canonical = false;
            });
        } catch (RuntimeException e) {
            Optional<ProblemDetails> problem = RegistryErrors.problem(e);
            if (problem.isPresent() && "RuleViolationException".equals(problem.get().getName())) {
                throw new IncompatibleSchemaException("the schema registry at " + registry + " refuses "
                        + schema.getFullName() + " under subject " + subject + " (compatibility rule "
                        + rule(subject).orElse("?") + "): " + RegistryErrors.summary(e)
                        + "; nothing was published (see contracts/wire-format.md, Schema evolution)");
            }
            throw e;
        }
        if (!exists) {
            addRule(subject);
        }
        long contentId = created.getVersion().getContentId();
        log.info("{} is version {} of subject {} in the schema registry at {} (schema ID {}, compatibility {})",
                schema.getFullName(), created.getVersion().getVersion(), subject, registry, contentId,
                rule(subject).orElse("none"));
        return contentId;
    }

    /**
     * Gives an existing subject {@link #RULE} if it has no compatibility rule; one it has is kept (an operator's
     * choice). False if the subject does not exist yet.
     */
    boolean ensureRule(String subject) {
        List<RuleType> rules;
        try {
            rules = client.groups().byGroupId(GROUP).artifacts().byArtifactId(subject).rules().get();
        } catch (RuntimeException e) {
            if (status(e) == 404) {
                return false;
            }
            throw e;
        }
        if (rules == null || !rules.contains(RuleType.COMPATIBILITY)) {
            addRule(subject);
        } else {
            rule(subject).filter(r -> !r.equals(RULE)).ifPresent(r -> log.info("subject {} keeps its compatibility"
                    + " rule {} (the worker gives new subjects {})", subject, r, RULE));
        }
        return true;
    }

    private void addRule(String subject) {
        CreateRule rule = new CreateRule();
        rule.setRuleType(RuleType.COMPATIBILITY);
        rule.setConfig(RULE);
        try {
            client.groups().byGroupId(GROUP).artifacts().byArtifactId(subject).rules().post(rule);
        } catch (RuntimeException e) {
            if (status(e) != 409) { // 409: another instance gave it a rule first
                throw e;
            }
        }
    }

    private Optional<String> rule(String subject) {
        try {
            return Optional.ofNullable(client.groups().byGroupId(GROUP).artifacts().byArtifactId(subject).rules()
                    .byRuleType(RuleType.COMPATIBILITY.getValue()).get().getConfig());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static int status(RuntimeException e) {
        return RegistryErrors.problem(e).map(ProblemDetails::getStatus).orElse(0);
    }
}
