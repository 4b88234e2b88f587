package io.atoll.security;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The access each operation of a port needs, by operation name ("GET /collections/{}" on REST, a full method name
 * on gRPC). Filled once at class initialisation, then read only; a name given two rules is a programming error.
 */
public final class AccessTable {
    private final String port;
    private final Map<String, Requirement> rules = new HashMap<>();

    /** @param port the port's name for messages ("REST route", "gRPC method") */
    public AccessTable(String port) {
        this.port = port;
    }

    public AccessTable rule(Requirement requirement, String... operations) {
        for (String operation : operations) {
            if (rules.put(operation, requirement) != null) {
                throw new IllegalStateException("two access rules for " + port + " " + operation);
            }
        }
        return this;
    }

    /** The rule of an operation the port serves; a missing one is a bug the port's start already refuses. */
    public Requirement of(String operation) {
        Requirement r = rules.get(operation);
        if (r == null) {
            throw new IllegalStateException("no access rule for " + port + " " + operation);
        }
        return r;
    }

    /** Fails when a served operation has no rule: a new operation must say who may call it. */
    public void requireCovering(Collection<String> operations) {
        List<String> missing = operations.stream().filter(o -> !rules.containsKey(o)).sorted().toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException(port + "s without an access rule: " + missing);
        }
    }
}
