/**
 * A real Apache Kafka broker (KRaft, combined broker and controller) run from the Maven artifacts
 * in a child JVM, for the demo and the tests on machines without a Docker engine. The child watches
 * its stdin and halts when the parent goes away, so no broker outlives its owner. A child process
 * (not a broker inside the caller's JVM) is also what a kill -9 crash test needs.
 */
package io.cmkworker.embedded;
