/**
 * The worker's one typed configuration: every key declared once in {@link io.cmkworker.config.ConfigKeys}
 * with its name, default and meaning; loaded from a properties file with environment-variable
 * overrides into {@link io.cmkworker.config.WorkerConfig}. May use only the JDK.
 */
package io.cmkworker.config;
