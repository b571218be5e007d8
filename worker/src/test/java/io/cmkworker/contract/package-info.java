/**
 * Contract tests: the documents under {@code contracts/} (the Platform API's reference examples, the
 * OpenAPI and AsyncAPI descriptions, the wire-format notes) against the code that must honour them,
 * so the Platform client, the sandbox and the docs cannot drift apart. They read the files from
 * {@code ../contracts} relative to the worker module, the directory Surefire runs in.
 */
package io.cmkworker.contract;
