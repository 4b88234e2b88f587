package io.atoll.server;

import io.atoll.api.rest.NodeCounters;
import io.atoll.api.rest.NodeDataPlane;
import io.atoll.api.rest.TransferRate;
import io.atoll.replication.ReplicationCounters;
import io.atoll.replication.TransferThrottle;
import io.atoll.transfer.TransferCounters;

/**
 * The transfer rate limit and the data-plane counters as the REST API shows and tunes them: live views of the
 * node's own throttle and counters, so the API layer sees neither the replication nor the transfer package.
 */
final class DataPlaneView {
    private DataPlaneView() {
    }

    static NodeDataPlane of(TransferThrottle throttle, ReplicationCounters counters, TransferCounters transfers) {
        return new NodeDataPlane(new TransferRate() {
            @Override
            public long get() {
                return throttle.rate();
            }

            @Override
            public void set(long bytesPerSecond) {
                throttle.setRate(bytesPerSecond);
            }
        }, new NodeCounters() {
            @Override
            public long recordsSent() {
                return counters.recordsSent();
            }

            @Override
            public long recordsAppended() {
                return counters.recordsAppended();
            }

            @Override
            public long pointsCopied() {
                return counters.pointsCopied();
            }

            @Override
            public long bytesCopied() {
                return counters.bytesCopied();
            }

            @Override
            public long snapshotBytesSent() {
                return transfers.snapshotBytesSent();
            }
        });
    }
}
