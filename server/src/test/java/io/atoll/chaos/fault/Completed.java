package io.atoll.chaos.fault;

import io.atoll.chaos.ChaosWorld;

/** The disruption of an operation that is over once it returns (a join, a removal): nothing to heal. */
record Completed(String describe) implements Fault.Disruption {
    static Completed of(String description) {
        return new Completed(description);
    }

    public void heal(ChaosWorld world) {
    }

    public boolean held() {
        return false;
    }
}
