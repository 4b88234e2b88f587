// Drives Qdrant's official JS REST client (@qdrant/js-client-rest) through what issue 18 added for Qdrant parity:
// strict mode, read fan-out and payload placement, vector datatypes, named vectors added and removed, collection
// optimizations and issues, the aliases Qdrant's request types take, conditional writes, has_vector, and payload
// paths that enter arrays with []. The node must count every filtered read as slow (service.slow_query_secs: 0).
// Run: ATOLL_URL=http://127.0.0.1:6333 node --test qdrant-client-parity.test.mjs
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { QdrantClient } from '@qdrant/js-client-rest';

const url = process.env.ATOLL_URL;
if (!url) {
    throw new Error('set ATOLL_URL to the base URL of a running Atoll node');
}
const client = new QdrantClient({ url, timeout: 60_000 });
const NAME = `js_parity_${process.pid}_${Date.now()}`;

async function rejects(promise, status, words) {
    await assert.rejects(promise, (e) => {
        assert.equal(e.status, status, `status of ${e.message}`);
        const text = JSON.stringify(e.data ?? e.message);
        for (const w of words) {
            assert.ok(text.includes(w), `${text} names ${w}`);
        }
        return true;
    });
}

describe('Qdrant parity through the official client', () => {
    after(async () => {
        await client.deleteCollection(NAME);
    });

    test('a collection keeps strict mode, read fan-out, payload placement and datatypes', async () => {
        assert.equal(await client.deleteCollection(NAME), false, 'dropping a missing collection answers false');
        await client.createCollection(NAME, {
            vectors: { dense: { size: 3, distance: 'Dot', datatype: 'float16' } },
            strict_mode_config: { enabled: true, max_query_limit: 5, search_allow_exact: false },
        });
        // the client's createCollection takes only CreateCollection's fields: these come with an update
        await client.updateCollection(NAME, { params: { read_fan_out_factor: 1, payload: { memory: 'cached' } } });
        const info = await client.getCollection(NAME);
        assert.equal(info.config.params.read_fan_out_factor, 1);
        assert.equal(info.config.params.payload.memory, 'cached');
        assert.equal(info.config.params.vectors.dense.datatype, 'float16');
        assert.equal(info.config.strict_mode_config.max_query_limit, 5);
        await client.updateCollection(NAME, { strict_mode_config: { max_timeout: 30 } });
        const updated = await client.getCollection(NAME);
        assert.equal(updated.config.strict_mode_config.max_timeout, 30);
        assert.equal(updated.config.strict_mode_config.max_query_limit, 5, 'an update merges');
    });

    test('strict mode refuses what exceeds it', async () => {
        await client.upsert(NAME, {
            wait: true,
            points: [
                { id: 1, vector: { dense: [0.1, 2, 3] }, payload: { cities: [{ name: 'Oslo' }, { name: 'Bergen' }] } },
                { id: 2, vector: { dense: [1, 0, 0] }, payload: { cities: [{ name: 'Rome' }] } },
            ],
        });
        await rejects(client.query(NAME, { query: [1, 0, 0], using: 'dense', limit: 6 }), 400, ['6 > 5', 'limit']);
        await rejects(client.search(NAME, { vector: { name: 'dense', vector: [1, 0, 0] }, limit: 1,
            params: { exact: true } }), 400, ['Exact search disabled']);
        // the client's search sends only limit and with_vector; its raw API sends Qdrant's aliases as given
        const top = (await client.api().searchPoints({ collection_name: NAME, vector: { name: 'dense',
            vector: [1, 0, 0] }, top: 1, with_vectors: true })).data.result;
        assert.equal(top.length, 1, 'top is limit');
        assert.equal(top[0].vector.dense[0], 1);
        const held = await client.retrieve(NAME, { ids: [1], with_vector: true });
        assert.notEqual(held[0].vector.dense[0], 0.1, 'float16 holds 0.1 at half precision');
    });

    test('payload paths enter arrays only with []', async () => {
        const filter = (key) => ({ must: [{ key, match: { value: 'Bergen' } }] });
        assert.equal((await client.count(NAME, { filter: filter('cities.name') })).count, 0);
        assert.equal((await client.count(NAME, { filter: filter('cities[].name') })).count, 1);
        const selected = await client.retrieve(NAME, { ids: [1], with_payload: { include: ['cities[].name'] } });
        assert.deepEqual(selected[0].payload, { cities: [{ name: 'Oslo' }, { name: 'Bergen' }] });
        await client.setPayload(NAME, { points: [1], key: 'cities[0]', payload: { capital: true }, wait: true });
        const after = await client.retrieve(NAME, { ids: [1] });
        assert.equal(after[0].payload.cities[0].capital, true);
        assert.equal(after[0].payload.cities[1].capital, undefined);
    });

    test('issues name the unindexed keys of slow filtered reads, until cleared', async () => {
        const { issues } = (await client.api().getIssues({})).data.result;
        const id = `UNINDEXED_FIELD/${NAME}/cities[].name`;
        const issue = issues.find((i) => i.id === id);
        assert.ok(issue, `${id} in ${JSON.stringify(issues)}`);
        assert.equal(issue.related_collection, NAME);
        assert.equal(issue.solution.immediate_choice[0].action.body.field_name, 'cities[].name');
        assert.equal((await client.api().clearIssues({})).data.result, true);
        assert.deepEqual((await client.api().getIssues({})).data.result.issues, []);
    });

    test('writes take update_mode, and update_vectors ignores a payload', async () => {
        await client.upsert(NAME, { wait: true, update_mode: 'insert_only', points: [
            { id: 2, vector: { dense: [0, 0, 9] }, payload: { replaced: true } },
            { id: 3, vector: { dense: [0, 1, 0] } },
        ] });
        const [two, three] = await client.retrieve(NAME, { ids: [2, 3], with_vector: true });
        assert.deepEqual(two.payload, { cities: [{ name: 'Rome' }] }, 'insert_only leaves an existing point');
        assert.deepEqual(three.vector.dense, [0, 1, 0], 'and inserts a new one');
        await client.upsert(NAME, { wait: true, update_mode: 'update_only', points: [
            { id: 4, vector: { dense: [1, 1, 1] } },
        ] });
        assert.deepEqual(await client.retrieve(NAME, { ids: [4] }), [], 'update_only inserts nothing');
        await client.updateVectors(NAME, { wait: true, points: [
            { id: 3, vector: { dense: [0, 2, 0] }, payload: { ignored: true } },
        ] });
        const [updated] = await client.retrieve(NAME, { ids: [3], with_vector: true });
        assert.deepEqual(updated.vector.dense, [0, 2, 0]);
        assert.deepEqual(updated.payload, {}, 'the payload of an update_vectors point is ignored, as Qdrant does');
    });

    test('quantization is another name for quantization_config', async () => {
        const other = `${NAME}_q`;
        // the client's createCollection sends only CreateCollection's fields; its raw API sends the alias as given
        await client.api().createCollection({ collection_name: other, vectors: { size: 2, distance: 'Dot' },
            quantization: { scalar: { type: 'int8', always_ram: true } } });
        try {
            const info = await client.getCollection(other);
            assert.equal(info.config.quantization_config.scalar.type, 'int8');
        } finally {
            await client.deleteCollection(other);
        }
    });

    test('named vectors are added and removed', async () => {
        await client.createVectorName(NAME, 'image', { dense: { size: 2, distance: 'Cosine' } }, { wait: true });
        assert.equal((await client.getCollection(NAME)).config.params.vectors.image.size, 2);
        await client.updateVectors(NAME, { points: [{ id: 2, vector: { image: [1, 1] } }], wait: true });
        const hits = await client.query(NAME, { query: [1, 1], using: 'image', limit: 2 });
        assert.deepEqual(hits.points.map((p) => p.id), [2]);
        const holding = await client.count(NAME, { filter: { must: [{ has_vector: 'image' }] } });
        assert.equal(holding.count, 1, 'has_vector finds the one point holding the added vector');
        await client.deleteVectorName(NAME, 'image', { wait: true });
        assert.equal((await client.getCollection(NAME)).config.params.vectors.image, undefined);
    });

    test('optimizations are reported', async () => {
        const o = await client.getOptimizations(NAME, { with: 'completed,idle_segments' });
        assert.ok(Array.isArray(o.running));
        assert.ok(Array.isArray(o.completed));
        assert.equal(o.summary.idle_segments, o.idle_segments.length);
    });

    test('quantized collections search with params.quantization', async () => {
        const q = `${NAME}_quantized`;
        await client.createCollection(q, { vectors: { size: 64, distance: 'Cosine' },
            quantization_config: { binary: { encoding: 'one_bit' } } });
        try {
            let seed = 7;
            const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5;
            const points = [];
            for (let id = 0; id < 300; id++) {
                points.push({ id, vector: Array.from({ length: 64 }, random) });
            }
            await client.upsert(q, { wait: true, points });
            const vector = points[42].vector;
            const rescored = await client.search(q, { vector, limit: 3,
                params: { quantization: { rescore: true, oversampling: 2.0 } } });
            assert.equal(rescored[0].id, 42);
            assert.ok(Math.abs(rescored[0].score - 1) < 1e-5, `rescored with the original: ${rescored[0].score}`);
            const ignored = await client.query(q, { query: vector, limit: 1,
                params: { quantization: { ignore: true } } });
            assert.equal(ignored.points[0].id, 42);
            await rejects(client.search(q, { vector, limit: 1, params: { quantization: { oversampling: 0.5 } } }),
                422, ['oversampling']);
            await rejects(client.updateCollection(q, { quantization_config: { binary: { encoding: 'three_bits' } } }),
                400, ['three_bits']);
        } finally {
            await client.deleteCollection(q);
        }
    });
});
