// Qdrant's JS client updating points on an Atoll server: payload set, overwrite, delete and clear (by ids, by filter,
// under a key), vector updates and deletes, sparse and multivectors, deletes, batch updates and wait=false.
// See qdrant-client.test.mjs.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
    client, SCRATCH, NAMED, UUID_A, assertIds, assertVector, assertCompleted, collectionsFor,
} from './qdrant-fixture.mjs';

collectionsFor({ seed: true });

describe('points: updates', () => {
    const base = [
        { id: 1, vector: [1, 0, 0, 0], payload: { a: 1, b: 'x', group: 'g1' } },
        { id: 2, vector: [0, 1, 0, 0], payload: { a: 2, b: 'y', group: 'g1' } },
        { id: 3, vector: [0, 0, 1, 0], payload: { a: 3, b: 'z', group: 'g2' } },
        { id: UUID_A, vector: [0, 0, 0, 1], payload: { a: 4, group: 'g2' } },
        { id: 5, vector: [0, 0, 0, 1], payload: { a: 5, group: 'g3' } },
        { id: 6, vector: [0, 0, 0, 1], payload: { a: 6, group: 'g3' } },
    ];

    async function payloadOf(id) {
        const [r] = await client.retrieve(SCRATCH, { ids: [id], with_payload: true });
        assert.ok(r, `point ${id} exists`);
        return r.payload;
    }

    test('setup', async () => {
        assertCompleted(await client.upsert(SCRATCH, { points: base }), 'upsert scratch');
        assert.deepEqual(await client.count(SCRATCH), { count: 6 });
    });

    test('setPayload by ids merges keys', async () => {
        assertCompleted(await client.setPayload(SCRATCH, { points: [1, UUID_A], payload: { color: 'red', a: 10 } }), 'set');
        assert.deepEqual(await payloadOf(1), { a: 10, b: 'x', group: 'g1', color: 'red' });
        assert.deepEqual(await payloadOf(UUID_A), { a: 10, group: 'g2', color: 'red' });
    });

    test('setPayload by filter', async () => {
        assertCompleted(await client.setPayload(SCRATCH, {
            filter: { must: [{ key: 'group', match: { value: 'g2' } }] }, payload: { flagged: true },
        }), 'set by filter');
        assert.deepEqual(await client.count(SCRATCH, { filter: { must: [{ key: 'flagged', match: { value: true } }] } }), { count: 2 });
        assert.equal((await payloadOf(3)).flagged, true);
    });

    test('setPayload under a key', async () => {
        assertCompleted(await client.setPayload(SCRATCH, { points: [2], payload: { depth: 7 }, key: 'meta' }), 'set key');
        assert.deepEqual(await payloadOf(2), { a: 2, b: 'y', group: 'g1', meta: { depth: 7 } });
    });

    test('overwritePayload replaces the whole payload', async () => {
        assertCompleted(await client.overwritePayload(SCRATCH, { points: [3], payload: { only: 'this' } }), 'overwrite');
        assert.deepEqual(await payloadOf(3), { only: 'this' });
    });

    test('deletePayload removes keys', async () => {
        assertCompleted(await client.deletePayload(SCRATCH, { points: [1], keys: ['color', 'b'] }), 'delete payload');
        assert.deepEqual(await payloadOf(1), { a: 10, group: 'g1' });
        assertCompleted(await client.deletePayload(SCRATCH, {
            filter: { must: [{ has_id: [2] }] }, keys: ['meta'],
        }), 'delete payload by filter');
        assert.deepEqual(await payloadOf(2), { a: 2, b: 'y', group: 'g1' });
    });

    test('clearPayload empties payloads', async () => {
        assertCompleted(await client.clearPayload(SCRATCH, { points: [2] }), 'clear');
        assert.deepEqual(await payloadOf(2) ?? {}, {});
        assertCompleted(await client.clearPayload(SCRATCH, { filter: { must: [{ key: 'only', match: { value: 'this' } }] } }), 'clear by filter');
        assert.deepEqual(await payloadOf(3) ?? {}, {});
    });

    test('updateVectors replaces a vector and search sees it', async () => {
        assertCompleted(await client.updateVectors(SCRATCH, { points: [{ id: 5, vector: [0, 0, 1, 0] }] }), 'update vectors');
        const [r] = await client.retrieve(SCRATCH, { ids: [5], with_vector: true });
        assertVector(r.vector, [0, 0, 1, 0], 'updated vector');
        assert.deepEqual(r.payload, { a: 5, group: 'g3' }, 'payload kept');
        const hits = await client.search(SCRATCH, { vector: [0, 0, 1, 0], limit: 2 });
        assertIds(hits.map((h) => h.id), [3, 5]);
    });

    test('updateVectors and deleteVectors on named vectors', async () => {
        assertCompleted(await client.updateVectors(NAMED, { points: [{ id: 1, vector: { image: [7, 7] } }] }), 'update named');
        let [r] = await client.retrieve(NAMED, { ids: [1], with_vector: true });
        assertVector(r.vector.image, [7, 7], 'image updated');
        assertVector(r.vector.text, [1, 0, 0], 'text kept');
        assertCompleted(await client.deleteVectors(NAMED, { points: [1], vector: ['image'] }), 'delete vectors');
        [r] = await client.retrieve(NAMED, { ids: [1], with_vector: true });
        assert.deepEqual(Object.keys(r.vector), ['text']);
        const hits = await client.search(NAMED, { vector: { name: 'image', vector: [7, 7] }, limit: 10 });
        assert.ok(!hits.some((h) => h.id === 1), 'a deleted vector is not searched');
        assertCompleted(await client.deleteVectors(NAMED, {
            filter: { must: [{ key: 'kind', match: { value: 'c' } }] }, vector: ['text'],
        }), 'delete vectors by filter');
        [r] = await client.retrieve(NAMED, { ids: [3], with_vector: true });
        assert.deepEqual(Object.keys(r.vector), ['image']);
    });

    test('delete by ids and by filter', async () => {
        assertCompleted(await client.delete(SCRATCH, { wait: true, points: [6] }), 'delete ids');
        assert.deepEqual(await client.count(SCRATCH), { count: 5 });
        assertCompleted(await client.delete(SCRATCH, {
            wait: true, filter: { must: [{ key: 'group', match: { value: 'g3' } }] },
        }), 'delete filter');
        assert.deepEqual(await client.count(SCRATCH), { count: 4 });
        assertIds((await client.scroll(SCRATCH, { limit: 10 })).points.map((p) => p.id), [1, 2, 3, UUID_A]);
    });

    test('batchUpdate applies every operation in order', async () => {
        const results = await client.batchUpdate(SCRATCH, {
            wait: true,
            operations: [
                { upsert: { points: [{ id: 20, vector: [1, 1, 0, 0], payload: { b: 1, c: 2, d: 3 } }] } },
                { upsert: { batch: { ids: [21, 22], vectors: [[0, 1, 1, 0], [0, 0, 1, 1]], payloads: [{ n: 21 }, { n: 22 }] } } },
                { set_payload: { points: [20], payload: { e: 4 } } },
                { delete_payload: { points: [20], keys: ['b'] } },
                { overwrite_payload: { points: [21], payload: { n: 'x' } } },
                { clear_payload: { points: [22] } },
                { update_vectors: { points: [{ id: 22, vector: [1, 0, 0, 0] }] } },
                { delete: { points: [1] } },
                { delete: { filter: { must: [{ has_id: [2] }] } } },
            ],
        });
        assert.equal(results.length, 9);
        results.forEach((r, i) => assertCompleted(r, `operation ${i}`));
        assertIds((await client.scroll(SCRATCH, { limit: 10 })).points.map((p) => p.id), [3, UUID_A, 20, 21, 22]);
        assert.deepEqual(await payloadOf(20), { c: 2, d: 3, e: 4 });
        assert.deepEqual(await payloadOf(21), { n: 'x' });
        assert.deepEqual(await payloadOf(22) ?? {}, {});
        const [r] = await client.retrieve(SCRATCH, { ids: [22], with_vector: true, with_payload: false });
        assertVector(r.vector, [1, 0, 0, 0], 'batch update_vectors');
    });

    test('batchUpdate with delete_vectors on named vectors', async () => {
        const results = await client.batchUpdate(NAMED, {
            operations: [{ delete_vectors: { points: [2], vector: ['text'] } }],
        });
        assert.equal(results.length, 1);
        const [r] = await client.retrieve(NAMED, { ids: [2], with_vector: true });
        assert.deepEqual(Object.keys(r.vector), ['image']);
    });

    test('sparse vectors and multivectors: declared, written, updated and read back', async () => {
        const name = `${SCRATCH}_sparse`;
        await client.createCollection(name, {
            vectors: { colbert: { size: 2, distance: 'Dot', multivector_config: { comparator: 'max_sim' } } },
            sparse_vectors: { keywords: { modifier: 'idf' } },
        });
        const info = await client.getCollection(name);
        assert.deepEqual(info.config.params.sparse_vectors, { keywords: { modifier: 'idf' } });
        assert.deepEqual(info.config.params.vectors.colbert.multivector_config, { comparator: 'max_sim' });
        assertCompleted(await client.upsert(name, {
            points: [{ id: 1, vector: { keywords: { indices: [9, 2], values: [0.5, 1] }, colbert: [[1, 2], [3, 4]] } }],
        }), 'upsert sparse and multi');
        assertCompleted(await client.updateVectors(name, {
            points: [{ id: 1, vector: { keywords: { indices: [4294967295], values: [2] } } }],
        }), 'update the sparse vector');
        const [r] = await client.retrieve(name, { ids: [1], with_vector: true });
        assert.deepEqual(r.vector, { keywords: { indices: [4294967295], values: [2] }, colbert: [[1, 2], [3, 4]] });
        await assert.rejects(client.upsert(name, {
            points: [{ id: 2, vector: { keywords: { indices: [1, 1], values: [1, 2] } } }],
        }), (e) => e.status === 422 && /must be unique/.test(JSON.stringify(e.data)));
        assertCompleted(await client.upsert(name, {
            points: [{ id: 2, vector: { keywords: { indices: [4294967295, 5], values: [1, 1] }, colbert: [[0, 1]] } },
                { id: 3, vector: { keywords: { indices: [5], values: [3] }, colbert: [[1, 0]] } }],
        }), 'upsert more');
        // sparse (IDF-weighted), multivector and hybrid queries through the client
        const sparse = await client.query(name, { query: { indices: [4294967295], values: [1] }, using: 'keywords' });
        assert.deepEqual(sparse.points.map((p) => p.id), [1, 2]);
        const idf = Math.log((3 - 2 + 0.5) / (2 + 0.5) + 1);
        assert.ok(Math.abs(sparse.points[0].score - 2 * idf) < 1e-5, JSON.stringify(sparse.points));
        const multi = await client.query(name, { query: [[1, 0], [0, 1]], using: 'colbert', limit: 1 });
        assert.deepEqual(multi.points.map((p) => [p.id, p.score]), [[1, 7]]);
        const hybrid = await client.query(name, {
            prefetch: [{ query: { indices: [5], values: [1] }, using: 'keywords' }, { query: [[0, 1]], using: 'colbert' }],
            query: { fusion: 'rrf' }, limit: 3,
        });
        assert.deepEqual(hybrid.points.map((p) => p.id), [3, 2, 1]); // rrf: 1/2 + 1/4, 1/3 + 1/3, 1/2
        await client.deleteCollection(name);
    });

    test('wait=false is acknowledged and the write lands', async () => {
        const r = await client.upsert(SCRATCH, { wait: false, points: [{ id: 30, vector: [0, 1, 0, 0] }] });
        assert.ok(['acknowledged', 'completed'].includes(r.status), JSON.stringify(r));
        let found = [];
        for (let i = 0; i < 100 && found.length === 0; i++) {
            found = await client.retrieve(SCRATCH, { ids: [30] });
            if (found.length === 0) {
                await new Promise((res) => setTimeout(res, 50));
            }
        }
        assertIds(found.map((p) => p.id), [30]);
    });
});
