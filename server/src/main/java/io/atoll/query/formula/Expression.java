package io.atoll.query.formula;

import io.atoll.filter.Filter;
import java.util.List;

/** A node of a score formula (Qdrant's Expression), evaluated per candidate point by {@link FormulaEvaluator}. */
public sealed interface Expression {
    record Constant(double value) implements Expression {
    }

    /** {@code $score} (prefetch 0), {@code $score[i]}: the point's score in prefetch i. */
    record Score(int prefetch) implements Expression {
    }

    /** A payload value, by path; {@code name} is how the formula spelt it (for defaults and errors). */
    record Variable(String name) implements Expression {
    }

    /** 1 when the point meets the condition, else 0. */
    record Condition(Filter filter) implements Expression {
    }

    /** Metres from {@code origin} to the geo point at payload path {@code to} (haversine). */
    record GeoDistance(double lat, double lon, String to) implements Expression {
    }

    /** A datetime in seconds since the epoch: a constant, or read at a payload path. */
    record Datetime(double seconds) implements Expression {
    }

    record DatetimeKey(String path) implements Expression {
    }

    record Mult(List<Expression> factors) implements Expression {
    }

    record Sum(List<Expression> terms) implements Expression {
    }

    record Neg(Expression e) implements Expression {
    }

    record Abs(Expression e) implements Expression {
    }

    /** {@code byZeroDefault} null when not given. */
    record Div(Expression left, Expression right, Double byZeroDefault) implements Expression {
    }

    record Sqrt(Expression e) implements Expression {
    }

    record Pow(Expression base, Expression exponent) implements Expression {
    }

    record Exp(Expression e) implements Expression {
    }

    record Log10(Expression e) implements Expression {
    }

    record Ln(Expression e) implements Expression {
    }

    enum DecayKind { LINEAR, EXPONENTIAL, GAUSSIAN }

    /** A decay of |x − target| with {@code midpoint} reached at distance {@code scale}. */
    record Decay(DecayKind kind, Expression x, Expression target, double scale, double midpoint)
            implements Expression {
    }
}
