package io.cmkworker.sandbox;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/** One part of the sandbox's API: reads a request and says what to answer; the server writes it (maybe later). */
interface SandboxEndpoint {

    Reply handle(HttpExchange exchange) throws IOException;
}
