package io.atoll.node;

import io.atoll.cluster.meta.ClusterImage;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The latest image this node has acted on (its replicas and collections follow it), and a way to wait for one.
 * The reconciler publishes; request handlers and proposers read and wait. Thread-safe.
 */
public final class ActedImage {
    private volatile ClusterImage image = ClusterImage.EMPTY;

    public ClusterImage image() {
        return image;
    }

    synchronized void publish(ClusterImage next) {
        image = next;
        notifyAll();
    }

    /** Waits until the node has acted on the metadata up to {@code index}; false on timeout or interrupt. */
    public boolean await(long index, Duration timeout) {
        if (image.appliedIndex() >= index) {
            return true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (image.appliedIndex() < index) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }
}
