// Qdrant's JS client querying an Atoll server: query and search by vector, id and named vector, batches, prefetch
// and fusion, formulas, MMR, recommend, discover, context, facets, groups, order_by, samples and the distance
// matrix, each checked against what the script computes itself. See qdrant-client.test.mjs.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
    client, DATA, NAMED, UUID_A, UUID_B, S, assertIds, assertVector, pointOf, apiError, collectionsFor,
} from './qdrant-fixture.mjs';

collectionsFor({ seed: true });

describe('query and search', () => {
    test('query by vector finds the known nearest neighbour', async () => {
        const { points } = await client.query(DATA, { query: [1, 0, 0, 0], limit: 3, with_payload: true });
        assert.equal(points.length, 3);
        assert.equal(points[0].id, 1);
        assert.ok(Math.abs(points[0].score - 1) < 1e-5, `score ${points[0].score}`);
        assert.equal(points[1].id, UUID_A);
        assert.ok(Math.abs(points[1].score - S) < 1e-4, `score ${points[1].score}`);
        assert.deepEqual(points[0].payload, pointOf(1).payload);
        assert.equal(typeof points[0].version, 'number');
        for (let i = 1; i < points.length; i++) {
            assert.ok(points[i - 1].score >= points[i].score, 'sorted by score');
        }
    });

    test('query {nearest}, with a filter, with_vector and a payload selector', async () => {
        const { points } = await client.query(DATA, {
            query: { nearest: [1, 0, 0, 0] },
            filter: { must_not: [{ key: 'city', match: { value: 'Berlin' } }] },
            limit: 1, with_vector: true, with_payload: { include: ['city'] },
        });
        assert.equal(points.length, 1);
        assert.equal(points[0].id, UUID_A);
        assert.deepEqual(points[0].payload, { city: 'Paris' });
        assertVector(points[0].vector, [S, S, 0, 0], 'query vector');
    });

    test('query by point id leaves the point itself out', async () => {
        const { points } = await client.query(DATA, { query: 2, limit: 2 });
        assert.equal(points[0].id, UUID_A);
        assert.ok(!points.some((p) => p.id === 2));
        const byUuid = await client.query(DATA, { query: UUID_B, limit: 2 });
        assertIds(byUuid.points.map((p) => p.id), [3, 4]);
    });

    test('query score_threshold, offset and params', async () => {
        const above = await client.query(DATA, { query: [1, 0, 0, 0], score_threshold: 0.9, limit: 10 });
        assert.deepEqual(above.points.map((p) => p.id), [1]);
        const exact = await client.query(DATA, { query: [0, 0, 1, 0], params: { exact: true }, limit: 2 });
        assert.deepEqual(exact.points.map((p) => p.id), [3, UUID_B]);
        const ef = await client.query(DATA, { query: [0, 0, 1, 0], params: { hnsw_ef: 128, exact: false }, limit: 2 });
        assert.deepEqual(ef.points.map((p) => p.id), [3, UUID_B]);
        const page2 = await client.query(DATA, { query: [0, 0, 1, 0], limit: 1, offset: 1 });
        assert.deepEqual(page2.points.map((p) => p.id), [UUID_B]);
        const searchPage2 = await client.search(DATA, { vector: [0, 0, 1, 0], limit: 1, offset: 1 });
        assert.deepEqual(searchPage2.map((p) => p.id), [UUID_B]);
    });

    test('query without a query lists points by id', async () => {
        const { points } = await client.query(DATA, { limit: 3, filter: { must: [{ key: 'count', range: { gte: 2 } }] } });
        assert.deepEqual(points.map((p) => p.id), [2, 3, 4]);
    });

    test('query with using on named vectors', async () => {
        const text = await client.query(NAMED, { query: [0, 0, 1], using: 'text', limit: 1 });
        assert.equal(text.points[0].id, 3);
        const image = await client.query(NAMED, { query: [9, 0], using: 'image', limit: 2, with_vector: ['image'] });
        assert.deepEqual(image.points.map((p) => p.id), [UUID_A, 3]);
        assert.ok(Math.abs(image.points[0].score - 1) < 1e-4, `Euclid score is the distance: ${image.points[0].score}`);
        assert.deepEqual(Object.keys(image.points[0].vector), ['image']);
    });

    test('queryBatch answers each query in order', async () => {
        const results = await client.queryBatch(DATA, {
            searches: [
                { query: [0, 1, 0, 0], limit: 1 },
                { query: [0, 0, 0, 1], limit: 1, with_payload: true },
                { query: [1, 0, 0, 0], limit: 5, filter: { must: [{ key: 'city', match: { value: 'Berlin' } }] } },
            ],
        });
        assert.equal(results.length, 3);
        assert.equal(results[0].points[0].id, 2);
        assert.equal(results[1].points[0].id, 4);
        assert.equal(results[1].points[0].payload.city, 'Berlin');
        assert.deepEqual(results[2].points.map((p) => p.id), [1, 4]);
    });

    test('query with prefetches fuses their lists by RRF and DBSF, as computed here', async () => {
        const text = { query: [0, 1, 0], using: 'text', limit: 3 };
        const image = { query: [0.9, 0.9], using: 'image', limit: 3 };
        const lists = [(await client.query(NAMED, text)).points, (await client.query(NAMED, image)).points];
        const fuse = (gain) => {
            const sum = new Map();
            lists.forEach((list, i) => list.forEach((p, pos) => sum.set(p.id, (sum.get(p.id) ?? 0) + gain(list, i, pos))));
            return [...sum.entries()].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])));
        };
        const rrf = fuse((list, i, pos) => 1 / ((pos + 1) / [3, 1][i] + 10 - 1));
        const fused = await client.query(NAMED, { prefetch: [text, image], query: { rrf: { k: 10, weights: [3, 1] } }, limit: 10 });
        assert.equal(fused.points.length, rrf.length);
        fused.points.forEach((p, i) => assert.ok(Math.abs(p.score - rrf[i][1]) < 1e-6, `rrf ${i}: ${p.score} vs ${rrf[i][1]}`));
        const dbsf = fuse((list, i, pos) => {
            const s = list.map((p) => p.score);
            const mean = s.reduce((a, b) => a + b, 0) / s.length;
            const sd = Math.sqrt(s.reduce((a, b) => a + (b - mean) ** 2, 0) / (s.length - 1));
            return sd === 0 ? 0.5 : (s[pos] - (mean - 3 * sd)) / (6 * sd);
        });
        const byDbsf = await client.query(NAMED, { prefetch: [text, image], query: { fusion: 'dbsf' }, limit: 10 });
        byDbsf.points.forEach((p, i) => assert.ok(Math.abs(p.score - dbsf[i][1]) < 1e-4, `dbsf ${i}: ${p.score} vs ${dbsf[i][1]}`));
        const rescored = await client.query(NAMED, { prefetch: text, query: [0.9, 0.9], using: 'image', limit: 1 });
        const best = await client.query(NAMED, {
            query: [0.9, 0.9], using: 'image', limit: 1, filter: { must: [{ has_id: lists[0].map((p) => p.id) }] },
        });
        assert.equal(rescored.points[0].id, best.points[0].id, 'the text list ranked by image');
        await apiError(client.query(NAMED, { prefetch: [text], query: { fusion: 'rrf' }, using: 'text' }), 400);
        const base = (await client.query(DATA, { query: [1, 0, 0, 0], limit: 5, with_payload: true })).points;
        const boosted = await client.query(DATA, {
            prefetch: { query: [1, 0, 0, 0], limit: 5 },
            query: { formula: { sum: ['$score', { mult: [2, { key: 'city', match: { value: 'Berlin' } }] }] } },
            limit: 5,
        });
        const wantBoost = base.map((p) => p.score + (p.payload.city === 'Berlin' ? 2 : 0)).sort((a, b) => b - a);
        boosted.points.forEach((p, i) => assert.ok(Math.abs(p.score - wantBoost[i]) < 1e-5, `formula ${i}: ${p.score} vs ${wantBoost[i]}`));
        const nearest = await client.query(DATA, { query: [1, 0, 0, 0], limit: 4 });
        const diverse = await client.query(DATA, { query: { nearest: [1, 0, 0, 0], mmr: { diversity: 0.9, candidates_limit: 4 } }, limit: 2 });
        assert.equal(diverse.points[0].id, nearest.points[0].id, 'MMR picks the most relevant first');
        diverse.points.forEach((p) => assert.ok(nearest.points.some((n) => n.id === p.id && Math.abs(n.score - p.score) < 1e-6),
            'an MMR pick is a nearest candidate with its nearest score'));
        await apiError(client.query(DATA, { query: { nearest: [1, 0, 0, 0], mmr: { diversity: 2 } } }), 422);
    });

    test('recommend, discover and context score by examples, as computed here', async () => {
        const { points: all } = await client.scroll(DATA, { limit: 100, with_vector: true, with_payload: false });
        const unit = (v) => { const n = Math.hypot(...v); return v.map((x) => x / n); };
        const dot = (a, b) => a.reduce((s, x, i) => s + x * b[i], 0);
        const byId = new Map(all.map((p) => [p.id, p.vector]));
        const positives = [byId.get(1), unit([0, 0, 1, 1])];
        const negative = byId.get(3);
        const want = all.filter((p) => p.id !== 1 && p.id !== 3)
            .map((p) => ({ id: p.id, score: dot(positives[0], p.vector) + dot(positives[1], p.vector) - dot(negative, p.vector) }))
            .sort((a, b) => b.score - a.score).slice(0, 3);
        const sum = await client.recommend(DATA, { positive: [1, [0, 0, 1, 1]], negative: [3], strategy: 'sum_scores', limit: 3 });
        assert.equal(sum.length, want.length);
        sum.forEach((p, i) => assert.ok(Math.abs(p.score - want[i].score) < 1e-4, `sum_scores ${i}: ${p.score} vs ${want[i].score}`));
        const universal = await client.query(DATA, {
            query: { recommend: { positive: [1, [0, 0, 1, 1]], negative: [3], strategy: 'sum_scores' } }, limit: 3,
        });
        assert.deepEqual(universal.points.map((p) => p.id), sum.map((p) => p.id));
        const [one, two] = await client.recommendBatch(DATA, {
            searches: [{ positive: [2], limit: 1 }, { positive: [4], negative: [1], strategy: 'best_score', limit: 2 }],
        });
        assert.equal(one.length, 1);
        assert.equal(two.length, 2);

        const target = [0, 1, 0, 0];
        const discovered = await client.discoverPoints(DATA, { target, context: [{ positive: 1, negative: 3 }], limit: 2 });
        const sig = (x) => 0.5 * (x / (1 + Math.abs(x)) + 1);
        const rank = (v) => Math.sign(dot(byId.get(1), v) - dot(byId.get(3), v)) + sig(dot(target, v));
        const best = all.filter((p) => p.id !== 1 && p.id !== 3).map((p) => rank(p.vector)).sort((a, b) => b - a);
        discovered.forEach((p, i) => assert.ok(Math.abs(p.score - best[i]) < 1e-4, `discover ${i}: ${p.score} vs ${best[i]}`));
        const viaQuery = await client.query(DATA, { query: { discover: { target, context: { positive: 1, negative: 3 } } }, limit: 2 });
        assert.deepEqual(viaQuery.points.map((p) => p.score), discovered.map((p) => p.score));
        const batch = await client.discoverBatchPoints(DATA, { searches: [{ target, limit: 1 }, { context: [{ positive: 2, negative: 4 }], limit: 1 }] });
        assert.equal(batch.length, 2);
        const feedback = await client.query(DATA, {
            query: { relevance_feedback: { target: [1, 0, 0, 0], feedback: [{ example: 1, score: 0.8 }, { example: 3, score: 0.1 }], strategy: { naive: { a: 1, b: 1, c: 2 } } } },
            limit: 2,
        });
        const fb = (v) => dot(unit([1, 0, 0, 0]), v) + (0.8 - Math.fround(0.1)) * 2 * (dot(byId.get(1), v) - dot(byId.get(3), v));
        const fbWant = all.filter((p) => p.id !== 1 && p.id !== 3).map((p) => fb(p.vector)).sort((a, b) => b - a);
        feedback.points.forEach((p, i) => assert.ok(Math.abs(p.score - fbWant[i]) < 1e-4, `feedback ${i}: ${p.score} vs ${fbWant[i]}`));
        const context = await client.query(DATA, { query: { context: [{ positive: 2, negative: 4 }] }, limit: 3 });
        context.points.forEach((p) => assert.ok(p.score <= 0, `context scores are at most 0: ${p.score}`));
        await apiError(client.recommend(DATA, { negative: [1], limit: 1 }), 400);
        await apiError(client.query(DATA, { query: { recommend: {} } }), 422);
    });

    test('facet counts the values of indexed keys, as counted here', async () => {
        const { points } = await client.scroll(DATA, { limit: 100, with_payload: true });
        for (const key of ['city', 'count']) {
            const counts = new Map();
            for (const p of points) {
                const v = p.payload[key];
                for (const x of new Set(v === undefined || v === null ? [] : [v].flat())) counts.set(x, (counts.get(x) ?? 0) + 1);
            }
            const want = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
            const { hits } = await client.facet(DATA, { key, limit: 100, exact: true });
            assert.deepEqual(hits.map((h) => [h.value, h.count]), want, key);
        }
        const berlin = await client.facet(DATA, { key: 'city', filter: { must: [{ key: 'count', range: { gte: 2 } }] }, limit: 1 });
        assert.equal(berlin.hits.length, 1);
        await apiError(client.facet(DATA, { key: 'price' }), 400);
    });

    test('groups gather the ranked points by a payload key, as grouped here', async () => {
        const ranked = (await client.query(DATA, { query: [1, 0, 0, 0], limit: 100, with_payload: true })).points;
        const want = new Map();
        for (const p of ranked) {
            const city = p.payload.city;
            if (typeof city !== 'string') continue;
            if (!want.has(city) && want.size < 2) want.set(city, []);
            if (want.has(city) && want.get(city).length < 2) want.get(city).push(p.id);
        }
        const expected = [...want.entries()].map(([id, ids]) => ({ id, ids }));
        const shape = (groups) => groups.map((g) => ({ id: g.id, ids: g.hits.map((h) => h.id) }));
        const byQuery = await client.queryGroups(DATA, { query: [1, 0, 0, 0], group_by: 'city', group_size: 2, limit: 2 });
        assert.deepEqual(shape(byQuery.groups), expected);
        const bySearch = await client.searchPointGroups(DATA, { vector: [1, 0, 0, 0], group_by: 'city', group_size: 2, limit: 2 });
        assert.deepEqual(shape(bySearch.groups), expected);
        const byExample = await client.recommendPointGroups(DATA, { positive: [1], group_by: 'city', group_size: 1, limit: 5 });
        assert.ok(byExample.groups.every((g) => g.hits.length === 1 && g.hits[0].id !== 1));
        await apiError(client.queryGroups(DATA, { query: [1, 0, 0, 0], group_by: 'city', group_size: 0 }), 422);
    });

    test('scroll and query with order_by follow an integer key, as sorted here', async () => {
        const { points } = await client.scroll(DATA, { limit: 100, with_payload: true });
        const want = points.filter((p) => typeof p.payload.count === 'number')
            .map((p) => [p.payload.count, p.id]).sort((a, b) => b[0] - a[0] || (String(b[1]) < String(a[1]) ? -1 : 1));
        const ordered = await client.scroll(DATA, { order_by: { key: 'count', direction: 'desc' }, limit: 100 });
        assert.deepEqual(ordered.points.map((p) => p.order_value), want.map((w) => w[0]));
        assert.equal(ordered.next_page_offset, null);
        await apiError(client.scroll(DATA, { order_by: 'city' }), 400);
        const byCount = { order_by: { key: 'count', direction: 'desc' } };
        const queried = await client.query(DATA, { query: byCount, limit: 100 });
        assert.deepEqual(queried.points.map((p) => p.order_value), want.map((w) => w[0]));
        assert.ok(queried.points.every((p) => p.score === 1), 'an ordering scores every point 1.0');
        await apiError(client.query(DATA, { query: { order_by: 'count' }, score_threshold: 0.5 }), 400);
    });

    test('random samples and the distance matrix', async () => {
        const { points } = await client.query(DATA, { query: { sample: 'random' }, limit: 3 });
        assert.equal(new Set(points.map((p) => p.id)).size, points.length);
        const pairs = await client.searchMatrixPairs(DATA, { sample: 100, limit: 1 });
        const offsets = await client.searchMatrixOffsets(DATA, { sample: 100, limit: 1 });
        assert.equal(pairs.pairs.length, offsets.ids.length, 'one neighbour per sampled point');
        pairs.pairs.forEach((p, i) => {
            assert.deepEqual([p.a, p.b], [offsets.ids[offsets.offsets_row[i]], offsets.ids[offsets.offsets_col[i]]]);
            assert.ok(Math.abs(p.score - offsets.scores[i]) < 1e-6);
        });
        await apiError(client.searchMatrixPairs(DATA, { sample: 1 }), 422);
    });

    test('search finds the nearest neighbour, with filter and threshold', async () => {
        const hits = await client.search(DATA, { vector: [0, 1, 0, 0], limit: 2 });
        assert.deepEqual(hits.map((h) => h.id), [2, UUID_A]);
        assert.deepEqual(hits[0].payload, pointOf(2).payload, 'search returns payloads by default');
        const filtered = await client.search(DATA, {
            vector: [0, 1, 0, 0], limit: 3, with_payload: false, with_vector: true,
            filter: { must: [{ key: 'city', match: { any: ['Moscow', 'Rome'] } }] },
            score_threshold: 0.1,
        });
        assert.deepEqual(filtered.map((h) => h.id), [], 'orthogonal vectors score 0');
        const near = await client.search(DATA, {
            vector: [0, 0, 1, 0.1], limit: 3, with_vector: true, params: { hnsw_ef: 64 },
            filter: { must: [{ key: 'city', match: { any: ['Moscow', 'Rome'] } }] },
        });
        assert.deepEqual(near.map((h) => h.id), [3, UUID_B]);
        assertVector(near[0].vector, [0, 0, 1, 0], 'search with_vector');
    });

    test('search on a named vector', async () => {
        const hits = await client.search(NAMED, { vector: { name: 'image', vector: [0.9, 0.9] }, limit: 1 });
        assert.equal(hits[0].id, 2);
        const dot = await client.search(NAMED, { vector: { name: 'text', vector: [0, 1, 0] }, limit: 2, with_payload: ['kind'] });
        assert.deepEqual(dot.map((h) => h.id), [2, UUID_A]);
        assert.deepEqual(dot[0].payload, { kind: 'b' });
    });

    test('searchBatch answers each search in order', async () => {
        const results = await client.searchBatch(DATA, {
            searches: [
                { vector: [0, 0, 1, 0], limit: 1 },
                { vector: [S, S, 0, 0], limit: 1, with_payload: true },
            ],
        });
        assert.equal(results.length, 2);
        assert.equal(results[0][0].id, 3);
        assert.equal(results[1][0].id, UUID_A);
        assert.equal(results[1][0].payload.city, 'Paris');
    });

    test('a query vector of the wrong dimension is a 400', async () => {
        const e = await apiError(client.query(DATA, { query: [1, 0], limit: 1 }), 400);
        assert.match(e.data.status.error, /dimension/i);
        await apiError(client.search(DATA, { vector: [1, 0, 0, 0, 0], limit: 1 }), 400);
    });
});
