package io.cmkworker.events.registry;

import io.apicurio.registry.rest.client.models.ProblemDetails;
import java.util.Optional;

/**
 * What a failure of the registry client means: the registry's own answer (an HTTP problem with a status and a
 * title), no answer at all (a connection or I/O failure), or something else. The client wraps its failures in
 * runtime exceptions whose messages are often null, so the chain of causes is searched.
 */
final class RegistryErrors {

    private RegistryErrors() {
    }

    /** The registry's answer in the chain of causes, if it answered. */
    static Optional<ProblemDetails> problem(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ProblemDetails problem) {
                return Optional.of(problem);
            }
        }
        return Optional.empty();
    }

    /** Whether the registry was not reached, or did not answer (connection refused, timeout, name unknown). */
    static boolean unreachable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String name = t.getClass().getName();
            if (t instanceof java.net.SocketException || t instanceof java.net.UnknownHostException
                    || t instanceof java.util.concurrent.TimeoutException || name.startsWith("io.vertx.")
                    || name.startsWith("io.netty.")) {
                return true;
            }
        }
        return false;
    }

    /** One line on the failure: the registry's status and title, or the innermost cause. */
    static String summary(Throwable error) {
        Optional<ProblemDetails> problem = problem(error);
        if (problem.isPresent()) {
            ProblemDetails p = problem.get();
            return "HTTP " + p.getStatus() + " " + oneLine(p.getTitle() != null ? p.getTitle() : p.getDetail());
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + oneLine(root.getMessage()));
    }

    static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").trim();
    }
}
