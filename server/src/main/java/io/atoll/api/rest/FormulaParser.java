package io.atoll.api.rest;

import static io.atoll.api.rest.JsonInput.formatError;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.error.AtollException;
import io.atoll.filter.Datetimes;
import io.atoll.query.formula.Expression;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses Qdrant's score formulas ({"formula": Expression, "defaults": {...}}), with Qdrant's checks. Stateless. */
final class FormulaParser {
    private static final Pattern SCORE = Pattern.compile("\\$score(?:\\[(\\d{1,9})])?");
    /** The keys that make an object a filter condition rather than an operator. */
    private static final Set<String> CONDITION_KEYS = Set.of("key", "has_id", "has_vector", "is_empty", "is_null",
            "nested", "must", "should", "must_not", "min_should");
    private static final int MAX_DEPTH = 64;

    private FormulaParser() {
    }

    static Expression expression(JsonNode n, String field) {
        return expression(n, field, 0);
    }

    static Map<String, Double> defaults(JsonNode n, String field) {
        Map<String, Double> out = new HashMap<>();
        if (n == null || n.isNull()) {
            return out;
        }
        ObjectNode o = JsonInput.object(n, field);
        o.properties().forEach(e -> out.put(e.getKey(), JsonInput.doubleValue(e.getValue(), field + "." + e.getKey())));
        return out;
    }

    private static Expression expression(JsonNode n, String field, int depth) {
        if (depth > MAX_DEPTH) {
            throw formatError("`" + field + "`: a formula may nest at most " + MAX_DEPTH + " levels");
        }
        if (n == null || n.isNull()) {
            throw formatError("missing field `" + field + "`");
        }
        if (n.isNumber()) {
            return new Expression.Constant(JsonInput.doubleValue(n, field));
        }
        if (n.isTextual()) {
            return variable(n.asText());
        }
        ObjectNode o = JsonInput.object(n, field);
        if (o.properties().stream().anyMatch(e -> CONDITION_KEYS.contains(e.getKey()))) {
            ObjectNode filter = JsonNodeFactory.instance.objectNode();
            filter.putArray("must").add(o);
            return new Expression.Condition(FilterParser.orEmpty(filter));
        }
        if (o.size() != 1) {
            throw formatError("`" + field + "` must be one operation, got " + JsonInput.describe(n));
        }
        String op = o.fieldNames().next();
        JsonNode arg = o.get(op);
        String at = field + "." + op;
        int d = depth + 1;
        return switch (op) {
            case "mult" -> new Expression.Mult(list(arg, at, d));
            case "sum" -> new Expression.Sum(list(arg, at, d));
            case "neg" -> new Expression.Neg(expression(arg, at, d));
            case "abs" -> new Expression.Abs(expression(arg, at, d));
            case "sqrt" -> new Expression.Sqrt(expression(arg, at, d));
            case "exp" -> new Expression.Exp(expression(arg, at, d));
            case "log10" -> new Expression.Log10(expression(arg, at, d));
            case "ln" -> new Expression.Ln(expression(arg, at, d));
            case "div" -> {
                ObjectNode div = args(arg, at, Set.of("left", "right", "by_zero_default"));
                yield new Expression.Div(expression(div.get("left"), at + ".left", d),
                        expression(div.get("right"), at + ".right", d), JsonInput.optDouble(div, "by_zero_default"));
            }
            case "pow" -> {
                ObjectNode pow = args(arg, at, Set.of("base", "exponent"));
                yield new Expression.Pow(expression(pow.get("base"), at + ".base", d),
                        expression(pow.get("exponent"), at + ".exponent", d));
            }
            case "geo_distance" -> {
                ObjectNode g = args(arg, at, Set.of("origin", "to"));
                ObjectNode origin = args(g.get("origin"), at + ".origin", Set.of("lon", "lat"));
                yield new Expression.GeoDistance(JsonInput.doubleValue(origin.get("lat"), at + ".origin.lat"),
                        JsonInput.doubleValue(origin.get("lon"), at + ".origin.lon"),
                        JsonInput.path(JsonInput.required(g, "to"), at + ".to"));
            }
            case "datetime" -> new Expression.Datetime(seconds(JsonInput.text(arg, at), at));
            case "datetime_key" -> new Expression.DatetimeKey(JsonInput.path(arg, at));
            case "lin_decay" -> decay(Expression.DecayKind.LINEAR, arg, at, d);
            case "exp_decay" -> decay(Expression.DecayKind.EXPONENTIAL, arg, at, d);
            case "gauss_decay" -> decay(Expression.DecayKind.GAUSSIAN, arg, at, d);
            default -> throw formatError("`" + field + "`: unknown operation `" + op + "`");
        };
    }

    private static Expression variable(String name) {
        if (name.startsWith("$")) {
            Matcher m = SCORE.matcher(name);
            if (!m.matches()) {
                throw AtollException.badRequest("Wrong input: failed to parse variable ID " + name
                        + ": Invalid reserved word: " + name);
            }
            return new Expression.Score(m.group(1) == null ? 0 : Integer.parseInt(m.group(1)));
        }
        if (!io.atoll.point.PayloadPaths.valid(name)) {
            throw formatError("`" + name + "` is neither $score nor a payload path");
        }
        return new Expression.Variable(name);
    }

    private static List<Expression> list(JsonNode n, String field, int depth) {
        List<Expression> out = new ArrayList<>();
        List<JsonNode> items = JsonInput.array(n, field);
        for (int i = 0; i < items.size(); i++) {
            out.add(expression(items.get(i), field + "[" + i + "]", depth));
        }
        return out;
    }

    private static ObjectNode args(JsonNode n, String field, Set<String> allowed) {
        ObjectNode o = JsonInput.object(n, field);
        JsonInput.allowOnly(o, field, allowed);
        return o;
    }

    private static double seconds(String datetime, String field) {
        Long micros = Datetimes.parseMicros(datetime);
        if (micros == null) {
            throw formatError("`" + field + "`: `" + datetime + "` is not an RFC 3339 datetime");
        }
        return micros / 1e6;
    }

    /** Qdrant's decay parameters: target 0, scale 1 (> 0), midpoint 0.5 (in [0, 1], or (0, 1) but linear). */
    private static Expression decay(Expression.DecayKind kind, JsonNode n, String field, int depth) {
        ObjectNode o = args(n, field, Set.of("x", "target", "scale", "midpoint"));
        Expression target = o.has("target") ? expression(o.get("target"), field + ".target", depth)
                : new Expression.Constant(0);
        Double scale = JsonInput.optDouble(o, "scale");
        double s = scale == null ? 1 : scale;
        if (s <= 0) {
            throw AtollException.badRequest("Wrong input: Validation failed: Decay scale should be non-zero positive, "
                    + "got " + s + ".");
        }
        Double midpoint = JsonInput.optDouble(o, "midpoint");
        double m = midpoint == null ? 0.5 : midpoint;
        boolean linear = kind == Expression.DecayKind.LINEAR;
        if (linear ? m < 0 || m > 1 : m <= 0 || m >= 1) {
            throw AtollException.badRequest("Wrong input: Validation failed: Decay midpoint should be between "
                    + (linear ? "0.0 and 1.0 (inclusive)" : "0.0 and 1.0 (exclusive)") + ", got " + m + ".");
        }
        return new Expression.Decay(kind, expression(o.get("x"), field + ".x", depth), target, s, m);
    }
}
