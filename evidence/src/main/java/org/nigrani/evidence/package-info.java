/**
 * Evidence at flag time, without Flink: fetching a flagged post's media safely (no internal addresses, size and type
 * checked), keeping it in a store addressed by SHA-256, and proving when it was held with RFC 3161 timestamps.
 */
package org.nigrani.evidence;
