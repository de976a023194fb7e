/**
 * Evidence kept at flag time. In the job: {@link org.nigrani.jobs.evidence.CaptureEvidence} hands each flagged post to
 * a {@link org.nigrani.jobs.evidence.Capturer} on worker threads beside the main path, and
 * {@link org.nigrani.jobs.evidence.EvidenceDocuments} records the items on the post and in the custody log. Outside
 * the job, without Flink: {@link org.nigrani.jobs.evidence.Retention} removes items past their rule, by the triage
 * status of their incidents, leaving a tombstone in the custody log for each removal.
 */
package org.nigrani.jobs.evidence;
