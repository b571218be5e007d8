package io.cmkworker.preflight;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmkworker.domain.SafeText;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints a {@link SetupPlan}: as a table, consent per tenant then role per vault, each with the organisations
 * waiting on it; as CSV, one row per step ({@code consent}, {@code role}, {@code problem}); as one JSON document.
 */
public final class SetupPlanWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SetupPlanWriter() {
    }

    public static void write(SetupPlan plan, OutputFormat format, PrintStream out) {
        switch (format) {
            case TABLE -> table(plan, out);
            case CSV -> csv(plan, out);
            case JSON -> out.println(json(plan));
        }
    }

    private static void table(SetupPlan plan, PrintStream out) {
        out.printf("Adobe's CMK app in Azure for %d organisations: consent once per tenant (%d), then its role once per"
                + " vault (%d).%n", plan.organisations(), plan.consents().size(), plan.roles().size());
        out.println();
        out.println("1. Consent, once per Azure tenant: an administrator of the tenant opens the URL and selects Accept;"
                + " the check (signed in to that tenant) then shows the app's service principal.");
        for (SetupPlan.Consent c : plan.consents()) {
            out.printf("  tenant %s (%d vault%s, %d organisation%s)%n", c.tenantId(), c.vaults().size(),
                    c.vaults().size() == 1 ? "" : "s", c.orgs().size(), c.orgs().size() == 1 ? "" : "s");
            out.println("    consent: " + c.consentUrl());
            out.println("    check:   " + c.check());
            out.println("    waiting: " + waiting(c.orgs()));
        }
        out.println();
        out.println("2. Role, once per vault: check first; grant only if the check shows no assignment.");
        for (SetupPlan.Role r : plan.roles()) {
            out.printf("  vault %s (tenant %s): \"%s\"%n", r.vault(), r.tenantId(), r.role());
            out.println("    check:   " + r.check());
            out.println("    grant:   " + r.grant());
            out.println("    waiting: " + waiting(r.orgs()));
        }
        if (!plan.problems().isEmpty()) {
            out.println();
            out.println("Not in the plan:");
            plan.problems().forEach(p -> out.println("  line " + p.line() + (p.orgId().isEmpty() ? "" : " (" + p.orgId()
                    + ")") + ": " + SafeText.of(p.what(), 400)));
        }
    }

    private static String waiting(List<String> orgs) {
        return orgs.size() <= 10 ? String.join(", ", orgs)
                : String.join(", ", orgs.subList(0, 10)) + " and " + (orgs.size() - 10) + " more (--format csv lists all)";
    }

    private static void csv(SetupPlan plan, PrintStream out) {
        out.println(OutputFormat.csvLine(List.of("step", "tenantId", "vault", "applicationId", "orgs", "consentUrl",
                "check", "command", "problem")));
        for (SetupPlan.Consent c : plan.consents()) {
            out.println(OutputFormat.csvLine(List.of("consent", c.tenantId(), String.join(" ", c.vaults()),
                    c.applicationId(), String.join(" ", c.orgs()), c.consentUrl(), c.check(), "", "")));
        }
        for (SetupPlan.Role r : plan.roles()) {
            out.println(OutputFormat.csvLine(List.of("role", r.tenantId(), r.vault(), r.applicationId(),
                    String.join(" ", r.orgs()), "", r.check(), r.grant(), "")));
        }
        for (SetupPlan.Problem p : plan.problems()) {
            out.println(OutputFormat.csvLine(List.of("problem", "", "", "", p.orgId(), "", "", "", "line " + p.line()
                    + ": " + p.what())));
        }
    }

    static String json(SetupPlan plan) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode consents = root.putArray("consents");
        for (SetupPlan.Consent c : plan.consents()) {
            ObjectNode node = consents.addObject().put("tenantId", c.tenantId()).put("applicationId", c.applicationId())
                    .put("consentUrl", c.consentUrl()).put("check", c.check());
            strings(node.putArray("vaults"), c.vaults());
            strings(node.putArray("orgs"), c.orgs());
        }
        ArrayNode roles = root.putArray("roles");
        for (SetupPlan.Role r : plan.roles()) {
            ObjectNode node = roles.addObject().put("vault", r.vault()).put("tenantId", r.tenantId()).put("role", r.role())
                    .put("applicationId", r.applicationId()).put("check", r.check()).put("grant", r.grant());
            strings(node.putArray("orgs"), r.orgs());
        }
        ArrayNode problems = root.putArray("problems");
        plan.problems().forEach(p -> problems.addObject().put("line", p.line()).put("orgId", p.orgId())
                .put("problem", p.what()));
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void strings(ArrayNode array, List<String> values) {
        new ArrayList<>(values).forEach(array::add);
    }
}
