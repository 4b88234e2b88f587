package io.atoll.query;

import io.atoll.point.PayloadSelector;
import io.atoll.point.VectorSelector;

/** A whole POST /points/query: its root stage, the results skipped, and what each result carries. */
public record UniversalQuery(QueryStage root, int offset, PayloadSelector withPayload, VectorSelector withVector) {
}
