/**
 * The demo: a real broker, the sandbox and the worker in one command, onboarding synthetic
 * organisations (some designed to fail) with progress and a table of outcomes.
 */
package io.cmkworker.demo;
