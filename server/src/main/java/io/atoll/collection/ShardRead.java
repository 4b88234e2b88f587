package io.atoll.collection;

import io.atoll.filter.Filter;
import io.atoll.point.PayloadSelector;
import io.atoll.point.PointId;
import io.atoll.point.ScoredPoint;
import io.atoll.point.VectorSelector;
import io.atoll.shard.engine.ScrollPage;
import io.atoll.shard.engine.ScrollQuery;
import io.atoll.shard.engine.ShardEngine;
import io.atoll.shard.engine.ShardStats;
import io.atoll.shard.engine.VectorQuery;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A read of one shard replica, run locally or sent to the replica's node (it travels WireCodec-encoded). When a
 * read consistency asks for several replicas, {@link #merge} combines their answers, keeping the newest version
 * of each point.
 *
 * @param <R> the answer of one replica
 */
public sealed interface ShardRead<R> {
    R run(ShardEngine engine) throws IOException;

    Class<R> resultType();

    R merge(List<R> answers);

    /** Points as a list, in a record so that their type survives encoding. */
    record Points(List<ScoredPoint> points) {
        static Points newest(List<Points> answers) {
            Map<PointId, ScoredPoint> byId = new LinkedHashMap<>();
            for (Points a : answers) {
                for (ScoredPoint p : a.points()) {
                    byId.merge(p.id(), p, (x, y) -> y.version() > x.version() ? y : x);
                }
            }
            return new Points(new ArrayList<>(byId.values()));
        }
    }

    record Search(VectorQuery query) implements ShardRead<Points> {
        public Points run(ShardEngine e) throws IOException {
            return new Points(e.search(query));
        }

        public Class<Points> resultType() {
            return Points.class;
        }

        public Points merge(List<Points> answers) {
            return Points.newest(answers);
        }
    }

    record Retrieve(List<PointId> ids, PayloadSelector withPayload, VectorSelector withVector)
            implements ShardRead<Points> {
        public Points run(ShardEngine e) throws IOException {
            return new Points(e.retrieve(ids, withPayload, withVector));
        }

        public Class<Points> resultType() {
            return Points.class;
        }

        public Points merge(List<Points> answers) {
            return Points.newest(answers);
        }
    }

    /** Which of the ids exist, including writes not yet visible to searches (the version map knows them). */
    record Exists(List<PointId> ids) implements ShardRead<Points> {
        public Points run(ShardEngine e) throws IOException {
            List<ScoredPoint> out = new ArrayList<>();
            for (PointId id : ids) {
                if (e.exists(id)) {
                    out.add(new ScoredPoint(id, 0, null, null, Map.of()));
                }
            }
            return new Points(out);
        }

        public Class<Points> resultType() {
            return Points.class;
        }

        public Points merge(List<Points> answers) {
            return Points.newest(answers);
        }
    }

    record Scroll(ScrollQuery query) implements ShardRead<ScrollPage> {
        public ScrollPage run(ShardEngine e) throws IOException {
            return e.scroll(query);
        }

        public Class<ScrollPage> resultType() {
            return ScrollPage.class;
        }

        /** The union by id, newest versions; its next page starts at the smallest of the replicas' next ids. */
        public ScrollPage merge(List<ScrollPage> answers) {
            List<ScoredPoint> all = new ArrayList<>(Points.newest(answers.stream()
                    .map(p -> new Points(p.points())).toList()).points());
            all.sort(Comparator.comparing(ScoredPoint::id));
            PointId next = null;
            for (ScrollPage p : answers) {
                if (p.nextOffset() != null && (next == null || p.nextOffset().compareTo(next) < 0)) {
                    next = p.nextOffset();
                }
            }
            if (all.size() > query.limit()) {
                PointId firstLeft = all.get(query.limit()).id();
                next = next == null || firstLeft.compareTo(next) < 0 ? firstLeft : next;
                all = new ArrayList<>(all.subList(0, query.limit()));
            }
            return new ScrollPage(all, next);
        }
    }

    /** Replicas that disagree differ by writes not yet everywhere; the larger count has seen more of them. */
    record Count(Filter filter) implements ShardRead<Long> {
        public Long run(ShardEngine e) throws IOException {
            return e.count(filter);
        }

        public Class<Long> resultType() {
            return Long.class;
        }

        public Long merge(List<Long> answers) {
            return answers.stream().max(Long::compare).orElse(0L);
        }
    }

    record CountWithPayloadKey(String field) implements ShardRead<Long> {
        public Long run(ShardEngine e) throws IOException {
            return e.countWithPayloadKey(field);
        }

        public Class<Long> resultType() {
            return Long.class;
        }

        public Long merge(List<Long> answers) {
            return answers.stream().max(Long::compare).orElse(0L);
        }
    }

    record Stats() implements ShardRead<ShardStats> {
        public ShardStats run(ShardEngine e) throws IOException {
            return e.stats();
        }

        public Class<ShardStats> resultType() {
            return ShardStats.class;
        }

        public ShardStats merge(List<ShardStats> answers) {
            return answers.getFirst();
        }
    }
}
