package io.atoll.api.grpc;

import static io.atoll.api.grpc.PointMessages.consistency;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.api.rest.CollectionParser;
import io.atoll.api.rest.FacetRequests;
import io.atoll.api.rest.FilterParser;
import io.atoll.api.rest.GroupRequests;
import io.atoll.api.rest.MatrixRequests;
import io.atoll.api.rest.PointParser;
import io.atoll.api.rest.QueryRunner;
import io.atoll.api.rest.ReadParser;
import io.atoll.api.rest.ScrollRequests;
import io.atoll.api.rest.ShardKeyParser;
import io.atoll.cluster.control.CollectionController;
import io.atoll.collection.Collection;
import io.atoll.collection.CollectionRegistry;
import io.atoll.collection.ReadConsistency;
import io.atoll.collection.query.DistanceMatrix;
import io.atoll.operation.PointsUpdate;
import io.atoll.operation.RoutedUpdate;
import io.atoll.query.ScrollPage;
import io.atoll.query.ScrollQuery;
import io.atoll.query.VectorQuery;
import io.atoll.security.Access;
import io.atoll.security.Requirement;
import io.grpc.stub.StreamObserver;
import io.qdrant.client.grpc.Points.PointsOperationResponse;
import io.qdrant.client.grpc.Points;
import io.qdrant.client.grpc.PointsGrpc;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * qdrant.Points, through the same parsers and the same collection coordinators as REST: every request becomes the
 * REST body it stands for ({@link UpdateMessages}, {@link ReadMessages}) and runs as that REST call does. Groups,
 * recommend, discover, facets and the distance matrix answer UNIMPLEMENTED, as REST has no such calls yet.
 */
final class PointsService extends PointsGrpc.PointsImplBase {
    private final CollectionRegistry registry;
    private final CollectionController controller;

    PointsService(CollectionRegistry registry, CollectionController controller) {
        this.registry = registry;
        this.controller = controller;
    }

    private Collection collection(String name) {
        Collection c = registry.get(GrpcCalls.collectionName(name));
        Long timeout = RequestTimeout.SECONDS.get();
        if (timeout != null) {
            c.strictMode().timeout(c.params(), timeout);
        }
        return c;
    }

    /** One point update: the REST body is built and parsed in full before anything is written. */
    private void update(StreamObserver<PointsOperationResponse> out, String name, boolean wait,
                        Supplier<ObjectNode> body, Function<ObjectNode, PointsUpdate> parse) {
        GrpcCalls.answer(out, t -> {
            Collection c = collection(name);
            ObjectNode b = body.get();
            long id = c.update(new RoutedUpdate(parse.apply(b), ShardKeyParser.selector(b)), wait);
            return PointsOperationResponse.newBuilder().setResult(result(id, wait)).setTime(t.seconds()).build();
        });
    }

    private static Points.UpdateResult result(long operationId, boolean wait) {
        return Points.UpdateResult.newBuilder().setOperationId(operationId)
                .setStatus(wait ? Points.UpdateStatus.Completed : Points.UpdateStatus.Acknowledged).build();
    }

    @Override
    public void upsert(Points.UpsertPoints r, StreamObserver<PointsOperationResponse> out) {
        update(out, r.getCollectionName(), r.getWait(), () -> UpdateMessages.upsert(r), PointParser::upsert);
    }

    @Override
    public void delete(Points.DeletePoints r, StreamObserver<PointsOperationResponse> out) {
        update(out, r.getCollectionName(), r.getWait(), () -> UpdateMessages.delete(r), PointParser::delete);
    }

    @Override
    public void setPayload(Points.SetPayloadPoints r, StreamObserver<PointsOperationResponse> out) {
        update(out, r.getCollectionName(), r.getWait(), () -> UpdateMessages.setPayload(r), PointParser::setPayload);
    }

    @Override
    public void overwritePayload(Points.SetPayloadPoints r, StreamObserver<PointsOperationResponse> out) {
        update(out, r.getCollectionName(), r.getWait(), () -> UpdateMessages.setPayload(r),
                PointParser::overwritePayload);
    }

    @Override
    public void deletePayload(Points.DeletePayloadPoints r, StreamObserver<PointsOperationResponse> out) {
        update(out, r.getCollectionName(), r.getWait(), () -> UpdateMessages.deletePayload(r),
                PointParser::deletePayload);
    }

    @Override
    public void clearPayload(Points.ClearPayloadPoints r, StreamObserver<PointsOperationResponse> out) {
        update(out, r.getCollectionName(), r.getWait(), () -> UpdateMessages.clearPayload(r),
                PointParser::clearPayload);
    }

    @Override
    public void updateVectors(Points.UpdatePointVectors r, StreamObserver<PointsOperationResponse> out) {
        update(out, r.getCollectionName(), r.getWait(), () -> UpdateMessages.updateVectors(r),
                PointParser::updateVectors);
    }

    @Override
    public void deleteVectors(Points.DeletePointVectors r, StreamObserver<PointsOperationResponse> out) {
        update(out, r.getCollectionName(), r.getWait(), () -> UpdateMessages.deleteVectors(r),
                PointParser::deleteVectors);
    }

    @Override
    public void updateBatch(Points.UpdateBatchPoints r, StreamObserver<Points.UpdateBatchResponse> out) {
        GrpcCalls.answer(out, t -> {
            Collection c = collection(r.getCollectionName());
            List<RoutedUpdate> updates = new ArrayList<>();
            for (int i = 0; i < r.getOperationsCount(); i++) {
                updates.add(PointParser.batchOperation(UpdateMessages.batchOperation(r.getOperations(i)), i));
            }
            Points.UpdateBatchResponse.Builder b = Points.UpdateBatchResponse.newBuilder();
            c.updateAll(updates, r.getWait()).forEach(id -> b.addResult(result(id, r.getWait())));
            return b.setTime(t.seconds()).build();
        });
    }

    @Override
    public void createFieldIndex(Points.CreateFieldIndexCollection r, StreamObserver<PointsOperationResponse> out) {
        GrpcCalls.answer(out, t -> {
            Collection c = collection(r.getCollectionName());
            c.strictMode().payloadIndex(c.params());
            String name = c.name();
            CollectionParser.PayloadIndex index = CollectionParser.payloadIndex(UpdateMessages.fieldIndex(r));
            controller.createPayloadIndex(name, index.field(), index.params());
            return PointsOperationResponse.newBuilder().setResult(result(0, r.getWait())).setTime(t.seconds())
                    .build();
        });
    }

    @Override
    public void deleteFieldIndex(Points.DeleteFieldIndexCollection r, StreamObserver<PointsOperationResponse> out) {
        GrpcCalls.answer(out, t -> {
            controller.deletePayloadIndex(collection(r.getCollectionName()).name(), r.getFieldName());
            return PointsOperationResponse.newBuilder().setResult(result(0, r.getWait())).setTime(t.seconds())
                    .build();
        });
    }

    @Override
    public void get(Points.GetPoints r, StreamObserver<Points.GetResponse> out) {
        GrpcCalls.answer(out, t -> {
            Collection c = collection(r.getCollectionName());
            ObjectNode body = PointMessages.retrieveBody(r);
            ReadParser.Retrieve q = ReadParser.retrieve(body);
            Points.GetResponse.Builder b = Points.GetResponse.newBuilder();
            c.retrieve(q.ids(), q.withPayload(), q.withVector(), consistency(r.hasReadConsistency(),
                    r.getReadConsistency()), ShardKeyParser.selector(body))
                    .forEach(p -> b.addResult(PointMessages.retrieved(p, c.params())));
            return b.setTime(t.seconds()).build();
        });
    }

    @Override
    public void count(Points.CountPoints r, StreamObserver<Points.CountResponse> out) {
        GrpcCalls.answer(out, t -> {
            Collection c = collection(r.getCollectionName());
            ObjectNode body = ReadMessages.count(r);
            long n = c.count(FilterParser.orEmpty(body.get("filter")), consistency(r.hasReadConsistency(),
                    r.getReadConsistency()), ShardKeyParser.selector(body));
            return Points.CountResponse.newBuilder().setResult(Points.CountResult.newBuilder().setCount(n))
                    .setTime(t.seconds()).build();
        });
    }

    @Override
    public void searchGroups(Points.SearchPointGroups r, StreamObserver<Points.SearchGroupsResponse> out) {
        GrpcCalls.answer(out, t -> Points.SearchGroupsResponse.newBuilder().setResult(groups(r.getCollectionName(),
                GroupRequests.search(GroupMessages.search(r)), r.hasReadConsistency(), r.getReadConsistency()))
                .setTime(t.seconds()).build());
    }

    @Override
    public void recommendGroups(Points.RecommendPointGroups r, StreamObserver<Points.RecommendGroupsResponse> out) {
        GrpcCalls.answer(out, t -> Points.RecommendGroupsResponse.newBuilder().setResult(groups(
                r.getCollectionName(), GroupRequests.recommend(GroupMessages.recommend(r)), r.hasReadConsistency(),
                r.getReadConsistency())).setTime(t.seconds()).build());
    }

    @Override
    public void queryGroups(Points.QueryPointGroups r, StreamObserver<Points.QueryGroupsResponse> out) {
        GrpcCalls.answer(out, t -> Points.QueryGroupsResponse.newBuilder().setResult(groups(r.getCollectionName(),
                GroupRequests.query(GroupMessages.query(r)), r.hasReadConsistency(), r.getReadConsistency()))
                .setTime(t.seconds()).build());
    }

    private Points.GroupsResult groups(String name, GroupRequests.Parsed g, boolean hasConsistency,
                                       Points.ReadConsistency consistency) {
        Collection c = collection(name);
        return GroupMessages.result(GroupRequests.run(c, readable(), g, consistency(hasConsistency, consistency)),
                c.params(), g.lookup() == null ? null : registry.get(g.lookup().collection()).params());
    }

    @Override
    public void facet(Points.FacetCounts r, StreamObserver<Points.FacetResponse> out) {
        GrpcCalls.answer(out, t -> SummaryMessages.hits(FacetRequests.run(collection(r.getCollectionName()),
                FacetRequests.parse(SummaryMessages.facet(r)), consistency(r.hasReadConsistency(),
                        r.getReadConsistency()))).setTime(t.seconds()).build());
    }

    @Override
    public void searchMatrixPairs(Points.SearchMatrixPoints r, StreamObserver<Points.SearchMatrixPairsResponse> out) {
        GrpcCalls.answer(out, t -> Points.SearchMatrixPairsResponse.newBuilder().setResult(SummaryMessages.pairs(
                matrix(r))).setTime(t.seconds()).build());
    }

    @Override
    public void searchMatrixOffsets(Points.SearchMatrixPoints r,
                                    StreamObserver<Points.SearchMatrixOffsetsResponse> out) {
        GrpcCalls.answer(out, t -> Points.SearchMatrixOffsetsResponse.newBuilder().setResult(SummaryMessages.offsets(
                matrix(r))).setTime(t.seconds()).build());
    }

    private DistanceMatrix.Result matrix(Points.SearchMatrixPoints r) {
        return MatrixRequests.run(collection(r.getCollectionName()), SummaryMessages.matrix(r),
                consistency(r.hasReadConsistency(), r.getReadConsistency()));
    }

    @Override
    public void scroll(Points.ScrollPoints r, StreamObserver<Points.ScrollResponse> out) {
        GrpcCalls.answer(out, t -> {
            Collection c = collection(r.getCollectionName());
            ScrollRequests.Page page = ScrollRequests.run(c, ScrollRequests.parse(ReadMessages.scroll(r)),
                    consistency(r.hasReadConsistency(), r.getReadConsistency()));
            Points.ScrollResponse.Builder b = Points.ScrollResponse.newBuilder();
            page.points().forEach(p -> b.addResult(PointMessages.retrieved(p, c.params())));
            if (page.nextOffset() != null) {
                b.setNextPageOffset(PointMessages.id(page.nextOffset()));
            }
            return b.setTime(t.seconds()).build();
        });
    }

    @Override
    public void search(Points.SearchPoints r, StreamObserver<Points.SearchResponse> out) {
        GrpcCalls.answer(out, t -> {
            Collection c = collection(r.getCollectionName());
            Points.SearchResponse.Builder b = Points.SearchResponse.newBuilder();
            search(c, r, consistency(r.hasReadConsistency(), r.getReadConsistency()))
                    .forEach(p -> b.addResult(PointMessages.scored(p, c.params())));
            return b.setTime(t.seconds()).build();
        });
    }

    private static List<io.atoll.point.ScoredPoint> search(Collection c, Points.SearchPoints r, ReadConsistency rc) {
        ObjectNode body = ReadMessages.search(r);
        VectorQuery q = ReadParser.search(body);
        return c.search(q, rc, ShardKeyParser.selector(body));
    }

    @Override
    public void searchBatch(Points.SearchBatchPoints r, StreamObserver<Points.SearchBatchResponse> out) {
        GrpcCalls.answer(out, t -> {
            Collection c = collection(r.getCollectionName());
            QueryRunner.checkBatch(c, r.getSearchPointsCount());
            ReadConsistency rc = consistency(r.hasReadConsistency(), r.getReadConsistency());
            Points.SearchBatchResponse.Builder b = Points.SearchBatchResponse.newBuilder();
            for (Points.SearchPoints s : r.getSearchPointsList()) {
                Points.BatchResult.Builder one = Points.BatchResult.newBuilder();
                search(c, s, rc).forEach(p -> one.addResult(PointMessages.scored(p, c.params())));
                b.addResult(one);
            }
            return b.setTime(t.seconds()).build();
        });
    }

    @Override
    public void query(Points.QueryPoints r, StreamObserver<Points.QueryResponse> out) {
        GrpcCalls.answer(out, t -> Points.QueryResponse.newBuilder().addAllResult(scored(r.getCollectionName(),
                QueryRunner.parse(QueryMessages.query(r)), r.hasReadConsistency(), r.getReadConsistency()))
                .setTime(t.seconds()).build());
    }

    @Override
    public void queryBatch(Points.QueryBatchPoints r, StreamObserver<Points.QueryBatchResponse> out) {
        GrpcCalls.answer(out, t -> Points.QueryBatchResponse.newBuilder().addAllResult(batch(r.getCollectionName(),
                r.getQueryPointsList().stream().map(QueryMessages::query).map(QueryRunner::parse).toList(),
                r.hasReadConsistency(), r.getReadConsistency())).setTime(t.seconds()).build());
    }

    @Override
    public void recommend(Points.RecommendPoints r, StreamObserver<Points.RecommendResponse> out) {
        GrpcCalls.answer(out, t -> Points.RecommendResponse.newBuilder().addAllResult(scored(r.getCollectionName(),
                QueryRunner.parseRecommend(ExampleMessages.recommend(r)), r.hasReadConsistency(),
                r.getReadConsistency())).setTime(t.seconds()).build());
    }

    @Override
    public void recommendBatch(Points.RecommendBatchPoints r, StreamObserver<Points.RecommendBatchResponse> out) {
        GrpcCalls.answer(out, t -> Points.RecommendBatchResponse.newBuilder().addAllResult(batch(
                r.getCollectionName(), r.getRecommendPointsList().stream().map(ExampleMessages::recommend)
                        .map(QueryRunner::parseRecommend).toList(), r.hasReadConsistency(), r.getReadConsistency()))
                .setTime(t.seconds()).build());
    }

    @Override
    public void discover(Points.DiscoverPoints r, StreamObserver<Points.DiscoverResponse> out) {
        GrpcCalls.answer(out, t -> Points.DiscoverResponse.newBuilder().addAllResult(scored(r.getCollectionName(),
                QueryRunner.parseDiscover(ExampleMessages.discover(r)), r.hasReadConsistency(),
                r.getReadConsistency())).setTime(t.seconds()).build());
    }

    @Override
    public void discoverBatch(Points.DiscoverBatchPoints r, StreamObserver<Points.DiscoverBatchResponse> out) {
        GrpcCalls.answer(out, t -> Points.DiscoverBatchResponse.newBuilder().addAllResult(batch(
                r.getCollectionName(), r.getDiscoverPointsList().stream().map(ExampleMessages::discover)
                        .map(QueryRunner::parseDiscover).toList(), r.hasReadConsistency(), r.getReadConsistency()))
                .setTime(t.seconds()).build());
    }

    /**
     * The collections a call reads besides its own ({@code lookup_from}, {@code with_lookup}), each checked for
     * read access first, so that a token scoped to one collection cannot read another through a query.
     */
    private Function<String, Collection> readable() {
        Access access = AuthInterceptor.access();
        return name -> {
            access.check(Requirement.READ, name);
            return registry.get(name);
        };
    }

    /** A universal query's points, as Qdrant's ScoredPoint messages. */
    private List<Points.ScoredPoint> scored(String name, QueryRunner.Parsed q, boolean hasConsistency,
                                            Points.ReadConsistency consistency) {
        Collection c = collection(name);
        return scored(c, q, consistency(hasConsistency, consistency));
    }

    private List<Points.ScoredPoint> scored(Collection c, QueryRunner.Parsed q, ReadConsistency rc) {
        return QueryRunner.run(c, readable(), q, rc).stream().map(p -> PointMessages.scored(p, c.params()))
                .toList();
    }

    /** A batch, parsed in full before any of it runs, answered in order. */
    private List<Points.BatchResult> batch(String name, List<QueryRunner.Parsed> queries, boolean hasConsistency,
                                           Points.ReadConsistency consistency) {
        Collection c = collection(name);
        QueryRunner.checkBatch(c, queries.size());
        ReadConsistency rc = consistency(hasConsistency, consistency);
        return queries.stream().map(q -> Points.BatchResult.newBuilder().addAllResult(scored(c, q, rc)).build())
                .toList();
    }
}
