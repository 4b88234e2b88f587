package io.atoll.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A collection's strict mode (Qdrant's {@code strict_mode_config}): limits a request must keep to while
 * {@code enabled} is true. Every field is optional; null means no limit. Immutable; stored in the collection's
 * metadata under Qdrant's field names, so the same object is what the API shows.
 *
 * @param multivectorConfig  per named vector, {@code {"max_vectors": n}}: the most vectors a multivector written holds
 * @param sparseConfig       per named sparse vector, {@code {"max_length": n}}: the most indices a sparse vector
 *                           written holds
 * @param maxResidentMemoryPercent deprecated in Qdrant 1.19, still honoured: writes are refused while the node's
 *                           resident memory is at or above this share of the machine's
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StrictModeConfig(
        Boolean enabled,
        Long maxQueryLimit,
        Long maxTimeout,
        Boolean unindexedFilteringRetrieve,
        Boolean unindexedFilteringUpdate,
        Long searchMaxHnswEf,
        Boolean searchAllowExact,
        Double searchMaxOversampling,
        Long upsertMaxBatchsize,
        Long searchMaxBatchsize,
        Long maxCollectionVectorSizeBytes,
        Long readRateLimit,
        Long writeRateLimit,
        Long maxCollectionPayloadSizeBytes,
        Long maxPointsCount,
        Long filterMaxConditions,
        Long conditionMaxSize,
        JsonNode multivectorConfig,
        JsonNode sparseConfig,
        Long maxPayloadIndexCount,
        Long maxResidentMemoryPercent) {

    public StrictModeConfig {
        multivectorConfig = multivectorConfig == null || multivectorConfig.isNull() ? null : multivectorConfig;
        sparseConfig = sparseConfig == null || sparseConfig.isNull() ? null : sparseConfig;
    }

    /** Whether the limits apply: strict mode is off unless enabled, whatever limits are set. */
    public boolean active() {
        return Boolean.TRUE.equals(enabled);
    }
}
