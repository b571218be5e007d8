/**
 * The Adobe Experience Platform and IMS HTTP adapters: region routing from a closed list, the three
 * CMK calls exactly as the reference documents them, OAuth server-to-server tokens cached per
 * credential, all non-blocking on the JDK {@link java.net.http.HttpClient}. May use Jackson, the
 * JDK and {@code io.cmkworker.config}; knows nothing of Kafka.
 */
package io.cmkworker.platform;
