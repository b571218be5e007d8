package io.cmkworker.pipeline;

import io.cmkworker.domain.SafeText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One log line per change in an onboarding's life, each about one request: its request ID and org ID are
 * in the line (escaped, as they come from input) and in the MDC ({@code requestId}, {@code orgId}), so the
 * JSON log can be filtered by either. Logger {@code io.cmkworker.onboarding}.
 */
public final class RequestLog {

    private static final Logger log = LoggerFactory.getLogger("io.cmkworker.onboarding");

    private RequestLog() {
    }

    /** A change worth an operator's attention in the normal course: taken, created, finished. */
    public static void info(String requestId, String orgId, String message, Object... args) {
        if (log.isInfoEnabled()) {
            write(requestId, orgId, () -> log.info("request {} of {}: " + message, prefixed(requestId, orgId, args)));
        }
    }

    /** Something went wrong for this request and will be tried again. */
    public static void warn(String requestId, String orgId, String message, Object... args) {
        if (log.isWarnEnabled()) {
            write(requestId, orgId, () -> log.warn("request {} of {}: " + message, prefixed(requestId, orgId, args)));
        }
    }

    /** Routine steps: each status check. */
    public static void debug(String requestId, String orgId, String message, Object... args) {
        if (log.isDebugEnabled()) {
            write(requestId, orgId, () -> log.debug("request {} of {}: " + message, prefixed(requestId, orgId, args)));
        }
    }

    private static void write(String requestId, String orgId, Runnable line) {
        try (MDC.MDCCloseable r = MDC.putCloseable("requestId", SafeText.of(String.valueOf(requestId)));
             MDC.MDCCloseable o = MDC.putCloseable("orgId", SafeText.of(String.valueOf(orgId)))) {
            line.run();
        }
    }

    private static Object[] prefixed(String requestId, String orgId, Object[] args) {
        Object[] all = new Object[args.length + 2];
        all[0] = SafeText.of(String.valueOf(requestId));
        all[1] = SafeText.of(String.valueOf(orgId));
        System.arraycopy(args, 0, all, 2, args.length);
        return all;
    }
}
