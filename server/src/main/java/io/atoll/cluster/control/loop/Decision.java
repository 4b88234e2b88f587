package io.atoll.cluster.control.loop;

import io.atoll.cluster.meta.MetadataRecord;

/** What a decider wants done, as the record to propose, and why, in words an operator reads in the log. */
public record Decision(MetadataRecord record, String reason) {
}
