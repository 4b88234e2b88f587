package io.atoll.api.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.error.AtollException;
import io.qdrant.client.grpc.Points;
import java.util.List;

/** Qdrant's Formula message as the REST {@code {"formula": ..., "defaults": ...}} it stands for. Stateless. */
final class FormulaMessages {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private FormulaMessages() {
    }

    static ObjectNode formula(Points.Formula f) {
        ObjectNode o = F.objectNode();
        o.set("formula", expression(f.getExpression()));
        ObjectNode defaults = o.putObject("defaults");
        f.getDefaultsMap().forEach((k, v) -> defaults.set(k, Values.json(v)));
        return o;
    }

    private static JsonNode expression(Points.Expression e) {
        return switch (e.getVariantCase()) {
            case CONSTANT -> F.numberNode(e.getConstant());
            case VARIABLE -> F.textNode(e.getVariable());
            case CONDITION -> FilterMessages.condition(e.getCondition());
            case GEO_DISTANCE -> {
                ObjectNode g = F.objectNode();
                g.putObject("origin").put("lat", e.getGeoDistance().getOrigin().getLat())
                        .put("lon", e.getGeoDistance().getOrigin().getLon());
                g.put("to", e.getGeoDistance().getTo());
                yield F.objectNode().set("geo_distance", g);
            }
            case DATETIME -> F.objectNode().put("datetime", e.getDatetime());
            case DATETIME_KEY -> F.objectNode().put("datetime_key", e.getDatetimeKey());
            case MULT -> F.objectNode().set("mult", list(e.getMult().getMultList()));
            case SUM -> F.objectNode().set("sum", list(e.getSum().getSumList()));
            case DIV -> {
                ObjectNode d = F.objectNode();
                d.set("left", expression(e.getDiv().getLeft()));
                d.set("right", expression(e.getDiv().getRight()));
                if (e.getDiv().hasByZeroDefault()) {
                    d.put("by_zero_default", e.getDiv().getByZeroDefault());
                }
                yield F.objectNode().set("div", d);
            }
            case NEG -> F.objectNode().set("neg", expression(e.getNeg()));
            case ABS -> F.objectNode().set("abs", expression(e.getAbs()));
            case SQRT -> F.objectNode().set("sqrt", expression(e.getSqrt()));
            case POW -> {
                ObjectNode p = F.objectNode();
                p.set("base", expression(e.getPow().getBase()));
                p.set("exponent", expression(e.getPow().getExponent()));
                yield F.objectNode().set("pow", p);
            }
            case EXP -> F.objectNode().set("exp", expression(e.getExp()));
            case LOG10 -> F.objectNode().set("log10", expression(e.getLog10()));
            case LN -> F.objectNode().set("ln", expression(e.getLn()));
            case LIN_DECAY -> F.objectNode().set("lin_decay", decay(e.getLinDecay()));
            case EXP_DECAY -> F.objectNode().set("exp_decay", decay(e.getExpDecay()));
            case GAUSS_DECAY -> F.objectNode().set("gauss_decay", decay(e.getGaussDecay()));
            case VARIANT_NOT_SET -> throw AtollException.badRequest("Bad request: a formula expression without a "
                    + "variant");
        };
    }

    private static ArrayNode list(List<Points.Expression> items) {
        ArrayNode out = F.arrayNode();
        items.forEach(i -> out.add(expression(i)));
        return out;
    }

    private static ObjectNode decay(Points.DecayParamsExpression d) {
        ObjectNode o = F.objectNode();
        o.set("x", expression(d.getX()));
        if (d.hasTarget()) {
            o.set("target", expression(d.getTarget()));
        }
        if (d.hasScale()) {
            o.put("scale", d.getScale());
        }
        if (d.hasMidpoint()) {
            o.put("midpoint", d.getMidpoint());
        }
        return o;
    }
}
