/**
 * Evidence kept at flag time, on the Elasticsearch side and without Flink: retention of stored items by the triage
 * status of their incidents, leaving a tombstone in the custody log for each removal.
 */
package org.nigrani.jobs.evidence;
