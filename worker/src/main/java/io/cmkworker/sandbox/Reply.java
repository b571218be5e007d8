package io.cmkworker.sandbox;

import java.util.Map;

/** An answer the sandbox will write: status, extra headers, and a body serialised as JSON. */
record Reply(int status, Map<String, String> headers, Object body) {

    Reply(int status, Object body) {
        this(status, Map.of(), body);
    }

    Reply {
        headers = Map.copyOf(headers);
    }
}
