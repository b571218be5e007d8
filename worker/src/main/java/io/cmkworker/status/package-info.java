/**
 * Where configurations stand on the Platform, for the {@code status} command: one organisation's, or every row
 * of a results file that {@code submit} wrote ({@link io.cmkworker.status.StatusLookups}), with each row
 * refreshed from what the Platform reports ({@link io.cmkworker.status.RowRefresh}). Read-only by construction:
 * the only call it can make is the look-up it is given ({@link io.cmkworker.status.ConfigLookup}, a GET), never
 * the Platform client itself.
 *
 * <p>May use {@code domain}, {@code listing}, {@code submit} (results rows, progress), the request rules of
 * {@code pipeline.RequestValidator}, and of {@code platform} only {@code OrgTarget} and the JSON shapes of
 * {@code PlatformModel}.
 */
package io.cmkworker.status;
