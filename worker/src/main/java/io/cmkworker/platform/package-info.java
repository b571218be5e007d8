/**
 * The Adobe Experience Platform and IMS HTTP adapters: region routing from a closed list, the three
 * CMK calls exactly as the reference documents them, OAuth server-to-server tokens cached per
 * credential, all non-blocking on the JDK {@link java.net.http.HttpClient}. May use {@code config},
 * {@code domain} (regions, job statuses), Jackson, Resilience4j and the JDK; knows nothing of Kafka.
 */
package io.cmkworker.platform;
