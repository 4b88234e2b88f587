package io.atoll.chaos.check;

import java.util.List;
import java.util.Objects;

/**
 * The definition of linearizability for a register, applied by trying every order: a test oracle for tiny
 * histories, sharing nothing with {@link WglSearch} (no event list, no cache, no rules about where indeterminate
 * writes go). An op may come next if no op still left returned before it was invoked; indeterminate writes may
 * be left out. Stateless.
 */
final class BruteForceRegister {
    private BruteForceRegister() {}

    static boolean linearizable(List<RegisterOp> history) {
        return extend(history, new boolean[history.size()], null);
    }

    private static boolean extend(List<RegisterOp> ops, boolean[] used, Long register) {
        boolean allCompletedUsed = true;
        for (int i = 0; i < ops.size(); i++) {
            allCompletedUsed &= used[i] || ops.get(i).pending();
        }
        if (allCompletedUsed) {
            return true;
        }
        for (int i = 0; i < ops.size(); i++) {
            RegisterOp op = ops.get(i);
            if (used[i] || !realTimeAllows(ops, used, op) || (!op.write() && !Objects.equals(op.value(), register))) {
                continue;
            }
            used[i] = true;
            boolean found = extend(ops, used, op.write() ? op.value() : register);
            used[i] = false;
            if (found) {
                return true;
            }
        }
        return false;
    }

    private static boolean realTimeAllows(List<RegisterOp> ops, boolean[] used, RegisterOp next) {
        for (int j = 0; j < ops.size(); j++) {
            if (!used[j] && ops.get(j).returnedAt() < next.invokedAt()) {
                return false;
            }
        }
        return true;
    }
}
