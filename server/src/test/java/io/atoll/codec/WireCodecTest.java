package io.atoll.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import io.atoll.operation.PointsSelector;
import io.atoll.operation.PointsUpdate;
import io.atoll.collection.ShardRead;
import io.atoll.filter.Condition;
import io.atoll.filter.Filter;
import io.atoll.point.PayloadSelector;
import io.atoll.point.PointId;
import io.atoll.point.PointStruct;
import io.atoll.point.ScoredPoint;
import io.atoll.point.VectorSelector;
import io.atoll.query.ScrollPage;
import io.atoll.query.ScrollQuery;
import io.atoll.query.VectorQuery;
import io.atoll.point.VectorValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What travels between peers comes back equal: sealed types keep their subtype, filter values their Java type. The
 * format is pinned: every subtype names itself on the wire, so renaming a Java type changes nothing there.
 */
class WireCodecTest {
    private static final ObjectMapper SMILE = new ObjectMapper(new SmileFactory());
    /** The sealed types that go on the wire as their subtype's name. */
    private static final List<Class<?>> WIRE_ROOTS = List.of(ShardRead.class, PointsUpdate.class,
            PayloadSelector.class, VectorSelector.class, Condition.class);
    private static final Filter FILTER = new Filter(
            List.of(new Condition.MatchValue("a", 3L), new Condition.MatchValue("b", "x"),
                    new Condition.MatchAny("c", List.of(1L, "y")), new Condition.HasId(Set.of(PointId.of(7))),
                    new Condition.HasVector("image")),
            List.of(new Condition.NumberRange("n", 1.0, null, null, 9.5),
                    new Condition.Nested("arr", Filter.allOf(new Condition.IsNull("z")))),
            List.of(new Condition.MatchText("t", "hello", Condition.TextMode.PHRASE), new Condition.MatchPrefix("k", "ab")),
            new Filter.MinShould(List.of(new Condition.IsEmpty("e")), 1));

    @Test
    void readsRoundTrip() throws Exception {
        VectorQuery q = new VectorQuery("", new float[] {1, 2}, FILTER, 10, 0, 0.5f, 64, false,
                new PayloadSelector.Include(List.of("a")), VectorSelector.ALL, Set.of(PointId.of(UUID.randomUUID())),
                null, 0.25);
        ShardRead<?> back = WireCodec.decode(WireCodec.encode(new ShardRead.Search(q), ShardRead.class), ShardRead.class);
        VectorQuery b = ((ShardRead.Search) back).query();
        assertEquals(FILTER, b.filter());
        assertEquals(q.vector(), b.vector());
        assertEquals(q.withPayload(), b.withPayload());
        assertEquals(q.withVector(), b.withVector());
        assertEquals(q.exclude(), b.exclude());
        assertEquals(q.hnswEf(), b.hnswEf());
        assertEquals(q.acornMaxSelectivity(), b.acornMaxSelectivity());

        ScrollQuery s = new ScrollQuery(FILTER, PointId.of(5), 3, PayloadSelector.NONE, new VectorSelector.Named(List.of("v")));
        assertEquals(new ShardRead.Scroll(s), WireCodec.decode(WireCodec.encode(new ShardRead.Scroll(s), ShardRead.class), ShardRead.class));
    }

    @Test
    void answersAndUpdatesRoundTrip() throws Exception {
        ScoredPoint p = new ScoredPoint(PointId.of(9), 4, 0.25f, JsonNodeFactory.instance.objectNode().put("k", 1),
                VectorValue.dense(Map.of("v", new float[] {3, 4})));
        ScrollPage page = WireCodec.decode(WireCodec.encode(new ScrollPage(List.of(p), PointId.of(10))), ScrollPage.class);
        assertEquals(PointId.of(10), page.nextOffset());
        ScoredPoint b = page.points().getFirst();
        assertEquals(p.id(), b.id());
        assertEquals(p.version(), b.version());
        assertEquals(p.score(), b.score());
        assertEquals(p.payload().toString(), b.payload().toString());
        assertEquals(p.vectors().get("v"), b.vectors().get("v"));
        assertNull(b.orderValue());
        // without an order value a point keeps the properties an older peer reads (it refuses unknown ones)
        Map<?, ?> shape = WireCodec.decode(WireCodec.encode(p), Map.class);
        assertEquals(Set.of("id", "version", "score", "payload", "vectors", "shardKey"), shape.keySet());
        assertEquals(7L, WireCodec.decode(WireCodec.encode(p.withOrderValue(7L)), ScoredPoint.class).orderValue());
        assertEquals(2.5, WireCodec.decode(WireCodec.encode(p.withOrderValue(2.5)), ScoredPoint.class).orderValue());

        PointsUpdate u = new PointsUpdate.SetPayload(PointsSelector.filter(FILTER),
                JsonNodeFactory.instance.objectNode().put("x", true), "k");
        assertEquals(u, WireCodec.decode(WireCodec.encode(u, PointsUpdate.class), PointsUpdate.class));
        PointsUpdate up = new PointsUpdate.Upsert(List.of(new PointStruct(PointId.of(1),
                VectorValue.dense(Map.of("", new float[] {1})),
                JsonNodeFactory.instance.objectNode())));
        PointsUpdate upBack = WireCodec.decode(WireCodec.encode(up, PointsUpdate.class), PointsUpdate.class);
        assertEquals(PointId.of(1), ((PointsUpdate.Upsert) upBack).points().getFirst().id());
    }

    @Test
    void everyWireTypeIsNamedExplicitly() {
        for (Class<?> root : WIRE_ROOTS) {
            Set<String> names = new HashSet<>();
            for (Class<?> sub : concreteSubtypes(root)) {
                JsonTypeName name = sub.getAnnotation(JsonTypeName.class);
                assertNotNull(name, sub.getName() + " goes on the wire as a " + root.getSimpleName() + " without a name");
                assertTrue(names.add(name.value()), root.getSimpleName() + " names two subtypes " + name.value());
            }
        }
    }

    /** A renamed record or subtype would change these; a peer of another build would no longer understand them. */
    @Test
    void theFormatIsPinned() throws Exception {
        PointsUpdate u = new PointsUpdate.DeletePayload(PointsSelector.filter(Filter.allOf(
                new Condition.MatchValue("city", "Berlin"), new Condition.NumberRange("n", null, 1.0, 2.0, null))),
                List.of("a"));
        assertEquals("{\"@type\":\"delete_payload\",\"selector\":{\"ids\":null,\"filter\":{"
                        + "\"must\":[{\"@type\":\"match_value\",\"key\":\"city\",\"value\":\"Berlin\"},"
                        + "{\"@type\":\"number_range\",\"key\":\"n\",\"gt\":null,\"gte\":1.0,\"lt\":2.0,\"lte\":null}],"
                        + "\"should\":[],\"mustNot\":[],\"minShould\":null}},\"keys\":[\"a\"]}",
                SMILE.readTree(WireCodec.encode(u, PointsUpdate.class)).toString());
        ShardRead<?> read = new ShardRead.Retrieve(List.of(PointId.of(1)), PayloadSelector.ALL, VectorSelector.NONE);
        assertEquals("{\"@type\":\"retrieve\",\"ids\":[\"AAAAAAAAAAAB\"],\"withPayload\":{\"@type\":\"all\"},"
                        + "\"withVector\":{\"@type\":\"none\"}}",
                SMILE.readTree(WireCodec.encode(read, ShardRead.class)).toString());
    }

    private static List<Class<?>> concreteSubtypes(Class<?> root) {
        List<Class<?>> out = new ArrayList<>();
        for (Class<?> sub : root.getPermittedSubclasses()) {
            if (sub.isInterface()) {
                out.addAll(concreteSubtypes(sub));
            } else {
                out.add(sub);
            }
        }
        return out;
    }
}
