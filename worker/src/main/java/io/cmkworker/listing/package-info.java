/**
 * Lists as the operator commands print them, in the one {@code --format} they all take
 * ({@link io.cmkworker.listing.ListFormat}): a table for people, CSV, or JSON Lines for tools. A list is its
 * columns ({@link io.cmkworker.listing.Column}); {@link io.cmkworker.listing.ListPrinter} escapes, cuts and
 * quotes. Knows nothing of what is listed. May use {@code domain} (safe text) and Jackson.
 */
package io.cmkworker.listing;
