package io.atoll.query.formula;

import io.atoll.error.AtollException;
import io.atoll.filter.PayloadMatcher;
import java.util.Map;

/**
 * Evaluates a score formula for one point, in double as Qdrant does, then as a 32-bit float that must be finite.
 * Pure: the point's scores, payload values and condition results come through {@link Point}.
 */
public final class FormulaEvaluator {
    /** What a formula reads of one candidate point. */
    public interface Point {
        /** The point's score in prefetch {@code i}, null when the prefetch did not return it. */
        Float score(int prefetch);

        /** The number at a payload path (the first when several), null when there is none. */
        Double number(String path);

        /** A datetime at a payload path, in seconds, null when there is none. */
        Double datetime(String path);

        /** The geo point at a payload path as {lat, lon}, null when there is none. */
        double[] geo(String path);

        boolean meets(Expression.Condition c);
    }

    private final Map<String, Double> defaults;

    public FormulaEvaluator(Map<String, Double> defaults) {
        this.defaults = Map.copyOf(defaults);
    }

    public float score(Expression e, Point p) {
        double v = eval(e, p);
        float f = (float) v;
        if (!Float.isFinite(f)) {
            throw AtollException.badRequest("Wrong input: The formula produced a non-finite number (" + v + ")");
        }
        return f;
    }

    private double eval(Expression e, Point p) {
        return switch (e) {
            case Expression.Constant c -> c.value();
            case Expression.Score s -> {
                Float score = p.score(s.prefetch());
                yield score != null ? score : orDefault("$score[" + s.prefetch() + "]",
                        s.prefetch() == 0 ? defaults.get("$score") : null, 0.0);
            }
            case Expression.Variable v -> {
                Double n = p.number(v.name());
                yield n != null ? n : required(v.name());
            }
            case Expression.Condition c -> p.meets(c) ? 1 : 0;
            case Expression.GeoDistance g -> {
                double[] to = p.geo(g.to());
                if (to == null) {
                    yield required(g.to());
                }
                yield PayloadMatcher.haversineMeters(g.lat(), g.lon(), to[0], to[1]);
            }
            case Expression.Datetime d -> d.seconds();
            case Expression.DatetimeKey d -> {
                Double s = p.datetime(d.path());
                yield s != null ? s : required(d.path());
            }
            case Expression.Mult m -> {
                double product = 1;
                for (Expression f : m.factors()) {
                    product *= eval(f, p);
                    if (product == 0) {
                        break;
                    }
                }
                yield product;
            }
            case Expression.Sum s -> s.terms().stream().mapToDouble(t -> eval(t, p)).sum();
            case Expression.Neg n -> -eval(n.e(), p);
            case Expression.Abs a -> Math.abs(eval(a.e(), p));
            case Expression.Div d -> {
                double left = eval(d.left(), p);
                if (left == 0) {
                    yield 0;
                }
                double right = eval(d.right(), p);
                yield right == 0 && d.byZeroDefault() != null ? d.byZeroDefault() : left / right;
            }
            case Expression.Sqrt s -> Math.sqrt(eval(s.e(), p));
            case Expression.Pow pow -> Math.pow(eval(pow.base(), p), eval(pow.exponent(), p));
            case Expression.Exp x -> Math.exp(eval(x.e(), p));
            case Expression.Log10 l -> Math.log10(eval(l.e(), p));
            case Expression.Ln l -> Math.log(eval(l.e(), p));
            case Expression.Decay d -> decay(d, eval(d.x(), p), eval(d.target(), p));
        };
    }

    /** Qdrant's decays: linear max(0, 1 − λ|x−t|), exponential e^(λ|x−t|), gaussian e^(λ(x−t)²). */
    private static double decay(Expression.Decay d, double x, double target) {
        double distance = Math.abs(x - target);
        return switch (d.kind()) {
            case LINEAR -> Math.max(0, 1 - (1 - d.midpoint()) / d.scale() * distance);
            case EXPONENTIAL -> Math.exp(Math.log(d.midpoint()) / d.scale() * distance);
            case GAUSSIAN -> Math.exp(Math.log(d.midpoint()) / (d.scale() * d.scale()) * distance * distance);
        };
    }

    private double required(String name) {
        Double d = defaults.get(name);
        if (d == null) {
            throw AtollException.badRequest("Wrong input: Expected number value for " + name + " in the payload "
                    + "and/or in the formula defaults. Error: No value found in a payload nor defaults");
        }
        return d;
    }

    private double orDefault(String name, Double alternative, double otherwise) {
        Double d = defaults.get(name);
        return d != null ? d : alternative != null ? alternative : otherwise;
    }
}
