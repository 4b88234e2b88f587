// Drives Qdrant's official JS REST client (@qdrant/js-client-rest) against an Atoll server: the service, creating
// and configuring collections, writes in every form, payload indexes, aliases, request parameters and deleting.
// Run: ATOLL_URL=http://127.0.0.1:6333 node --test qdrant-client.test.mjs; qdrant-client-reads, -query and -updates
// (run the same way) cover reads and filters, query and search, and updates, each on collections it builds itself.
// Every call goes through the client, so a wrong status, a wrong response shape or a missing endpoint fails here
// the way it would fail for a user of the client.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { QdrantClient } from '@qdrant/js-client-rest';
import {
    url, client, suffix, DATA, SCRATCH, NAMED, RAW, ALIAS, ALIAS2, POINTS, LIST_FORM, BATCH_FORM, apiError,
    assertCompleted, DATA_CONFIG, SCRATCH_CONFIG, NAMED_CONFIG, NAMED_POINTS, PAYLOAD_INDEXES, TEXT_INDEX, collectionsFor,
} from './qdrant-fixture.mjs';

collectionsFor({ seed: false });

describe('service', () => {
    test('versionInfo answers the root document', async () => {
        const info = await client.versionInfo();
        assert.equal(typeof info.title, 'string');
        assert.match(info.version, /^1\.\d+\.\d+/, 'the Qdrant API version the client compares with its own');
        assert.match(info.atoll_version, /^\d+\.\d+\.\d+/);
    });

    test('a client with default options works; its version check can only warn', async (t) => {
        const warnings = [];
        const warn = console.warn;
        console.warn = (...args) => warnings.push(args.join(' '));
        try {
            const plain = new QdrantClient({ url });
            assert.ok(Array.isArray((await plain.getCollections()).collections));
            // The check runs in the background: give it time to finish before console.warn is restored.
            await new Promise((res) => setTimeout(res, 200));
        } finally {
            console.warn = warn;
        }
        for (const w of warnings) {
            t.diagnostic(`client warning: ${w}`);
        }
        assert.ok(!warnings.some((w) => w.includes('Failed to obtain server version')), warnings.join('\n'));
        assert.ok(!warnings.some((w) => w.includes('incompatible')), warnings.join('\n'));
    });

    test('health probes answer through the raw API', async () => {
        const r = await client.api().readyz({});
        assert.equal(r.status, 200);
        const h = await client.api().healthz({});
        assert.equal(h.status, 200);
        const l = await client.api().livez({});
        assert.equal(l.status, 200);
    });

    test('telemetry and metrics answer through the raw API', async () => {
        const t = await client.api().telemetry({});
        assert.equal(t.data.status, 'ok');
        assert.equal(typeof t.data.result.collections, 'object');
        const m = await client.api().metrics({});
        assert.equal(m.status, 200);
        assert.equal(typeof m.data, 'string');
    });
});

describe('collections', () => {
    test('createCollection with one unnamed vector, shard_number and hnsw_config', async () => {
        assert.equal(await client.createCollection(DATA, DATA_CONFIG), true);
        assert.equal(await client.createCollection(SCRATCH, SCRATCH_CONFIG), true);
    });

    test('createCollection with named vectors', async () => {
        assert.equal(await client.createCollection(NAMED, NAMED_CONFIG), true);
    });

    test('creating an existing collection is a 409', async () => {
        await apiError(client.createCollection(DATA, { vectors: { size: 4, distance: 'Cosine' } }), 409);
    });

    test('getCollections lists them', async () => {
        const { collections } = await client.getCollections();
        const names = collections.map((c) => c.name);
        for (const n of [DATA, SCRATCH, NAMED]) {
            assert.ok(names.includes(n), `${n} in ${names}`);
        }
    });

    test('collectionExists', async () => {
        assert.deepEqual(await client.collectionExists(DATA), { exists: true });
        assert.deepEqual(await client.collectionExists(`js_missing_${suffix}`), { exists: false });
    });

    test('getCollection returns the config that was given', async () => {
        const info = await client.getCollection(DATA);
        assert.equal(info.status, 'green');
        assert.equal(info.points_count, 0);
        assert.equal(info.config.params.shard_number, 2);
        assert.deepEqual({ size: info.config.params.vectors.size, distance: info.config.params.vectors.distance },
            { size: 4, distance: 'Cosine' });
        assert.equal(info.config.hnsw_config.m, 16);
        assert.equal(info.config.hnsw_config.ef_construct, 100);
        assert.equal(info.config.params.on_disk_payload, false);
        assert.equal(typeof info.config.optimizer_config, 'object');
        assert.deepEqual(info.payload_schema, {});

        const named = await client.getCollection(NAMED);
        assert.equal(named.config.params.shard_number, 2);
        assert.equal(named.config.params.vectors.text.size, 3);
        assert.equal(named.config.params.vectors.text.distance, 'Dot');
        assert.equal(named.config.params.vectors.image.size, 2);
        assert.equal(named.config.params.vectors.image.distance, 'Euclid');
        assert.equal(named.config.params.vectors.image.hnsw_config.m, 8);
        assert.equal(named.config.hnsw_config.m, 32);
        assert.equal(named.config.hnsw_config.ef_construct, 200);
    });

    test('getCollection of an unknown collection is a 404', async () => {
        const e = await apiError(client.getCollection(`js_missing_${suffix}`), 404);
        assert.match(e.data.status.error, /Not found/);
    });

    test('deleteCollection of an unknown collection answers false, as Qdrant does', async () => {
        assert.equal(await client.deleteCollection(`js_missing_${suffix}`), false);
    });

    test('updateCollection changes hnsw_config, optimizers_config and params', async () => {
        assert.equal(await client.updateCollection(SCRATCH, {
            hnsw_config: { ef_construct: 123 },
            optimizers_config: { indexing_threshold: 20000 },
            params: { replication_factor: 1, write_consistency_factor: 1 },
        }), true);
        const info = await client.getCollection(SCRATCH);
        assert.equal(info.config.hnsw_config.ef_construct, 123);
        assert.equal(info.config.optimizer_config.indexing_threshold, 20000);
        assert.equal(info.config.params.replication_factor, 1);

        assert.equal(await client.updateCollection(NAMED, {
            vectors: { image: { hnsw_config: { m: 12 } } },
        }), true);
        const named = await client.getCollection(NAMED);
        assert.equal(named.config.params.vectors.image.hnsw_config.m, 12);
    });

    test('updateCollection merges optimizers_config into the full config, as Qdrant does', async () => {
        assert.equal(await client.updateCollection(SCRATCH, { optimizers_config: { flush_interval_sec: 7 } }), true);
        const { config } = await client.getCollection(SCRATCH);
        assert.equal(config.optimizer_config.indexing_threshold, 20000, 'the earlier update is kept');
        assert.equal(config.optimizer_config.flush_interval_sec, 7);
        for (const field of ['deleted_threshold', 'vacuum_min_vector_number', 'default_segment_number']) {
            assert.equal(typeof config.optimizer_config[field], 'number', `${field} in ${JSON.stringify(config.optimizer_config)}`);
        }
    });

    test('quantization_config is kept, and "Disabled" turns it off', async () => {
        const scalar = { scalar: { type: 'int8', quantile: 0.99, always_ram: true } };
        assert.equal(await client.updateCollection(SCRATCH, { quantization_config: scalar }), true);
        assert.deepEqual((await client.getCollection(SCRATCH)).config.quantization_config, scalar);
        assert.equal(await client.updateCollection(SCRATCH, { quantization_config: 'Disabled' }), true);
        assert.equal((await client.getCollection(SCRATCH)).config.quantization_config ?? null, null);
    });

    test('updateCollection of an unknown collection is a 404', async () => {
        await apiError(client.updateCollection(`js_missing_${suffix}`, { optimizers_config: { indexing_threshold: 1 } }), 404);
    });
});

describe('points: writes', () => {
    test('upsert in the list form, integer and UUID ids', async () => {
        assertCompleted(await client.upsert(DATA, { wait: true, points: LIST_FORM }), 'upsert points');
    });

    test('upsert in the batch (column) form', async () => {
        assertCompleted(await client.upsert(DATA, {
            wait: true,
            batch: {
                ids: BATCH_FORM.map((p) => p.id),
                vectors: BATCH_FORM.map((p) => p.vector),
                payloads: BATCH_FORM.map((p) => p.payload),
            },
        }), 'upsert batch');
        const info = await client.getCollection(DATA);
        assert.equal(info.points_count, POINTS.length);
    });

    test('upsert with named vectors, list and batch form', async () => {
        assertCompleted(await client.upsert(NAMED, { points: NAMED_POINTS.slice(0, 2) }), 'named upsert points');
        const columns = NAMED_POINTS.slice(2);
        assertCompleted(await client.upsert(NAMED, {
            batch: {
                ids: columns.map((p) => p.id),
                vectors: { text: columns.map((p) => p.vector.text), image: columns.map((p) => p.vector.image) },
                payloads: columns.map((p) => p.payload),
            },
        }), 'named upsert batch');
        assert.deepEqual(await client.count(NAMED, {}), { count: 4 });
    });

    test('upsert into a collection with the default shard_number', async () => {
        assert.equal(await client.createCollection(RAW, { vectors: { size: 4, distance: 'Cosine' } }), true);
        assertCompleted(await client.upsert(RAW, { points: POINTS }), 'upsert raw');
        const info = await client.getCollection(RAW);
        assert.equal(info.config.params.shard_number, 1);
        assert.equal(info.points_count, POINTS.length);
    });

    test('a vector of the wrong dimension is a 400', async () => {
        const e = await apiError(client.upsert(DATA, { points: [{ id: 99, vector: [1, 2, 3], payload: {} }] }), 400);
        assert.match(e.data.status.error, /dimension/i);
        await apiError(client.upsert(NAMED, { points: [{ id: 99, vector: { text: [1, 2] } }] }), 400);
        assert.equal((await client.count(DATA, {})).count, POINTS.length, 'nothing was written');
    });

    test('an unknown vector name is a 400', async () => {
        await apiError(client.upsert(NAMED, { points: [{ id: 99, vector: { audio: [1, 2] } }] }), 400);
    });

    test('writing to an unknown collection is a 404', async () => {
        await apiError(client.upsert(`js_missing_${suffix}`, { points: [{ id: 1, vector: [1, 0, 0, 0] }] }), 404);
    });
});

describe('payload indexes', () => {
    test('createPayloadIndex of several types shows in payload_schema', async () => {
        for (const [field_name, field_schema] of Object.entries(PAYLOAD_INDEXES)) {
            assertCompleted(await client.createPayloadIndex(DATA, { field_name, field_schema, wait: true }), field_name);
        }
        assertCompleted(await client.createPayloadIndex(DATA, { field_name: 'description', field_schema: TEXT_INDEX, wait: true }),
            'text index');
        const { payload_schema } = await client.getCollection(DATA);
        for (const [field, type] of Object.entries(PAYLOAD_INDEXES)) {
            assert.equal(payload_schema[field]?.data_type, type, `${field} in ${JSON.stringify(payload_schema)}`);
        }
        assert.equal(payload_schema.description?.data_type, 'text');
        assert.equal(payload_schema.city.points, 6, 'every point has a city');
    });

    test('deletePayloadIndex removes it', async () => {
        assertCompleted(await client.createPayloadIndex(DATA, { field_name: 'note', field_schema: 'keyword', wait: true }), 'note');
        assertCompleted(await client.deletePayloadIndex(DATA, 'note', { wait: true }), 'delete note index');
        const { payload_schema } = await client.getCollection(DATA);
        assert.equal(payload_schema.note, undefined);
        assert.equal(payload_schema.city.data_type, 'keyword', 'the others stay');
    });
});

describe('aliases', () => {
    test('create, list, use, rename and delete an alias', async () => {
        assert.equal(await client.updateCollectionAliases({
            actions: [{ create_alias: { collection_name: DATA, alias_name: ALIAS } }],
        }), true);
        const all = await client.getAliases();
        assert.ok(all.aliases.some((a) => a.alias_name === ALIAS && a.collection_name === DATA), JSON.stringify(all));
        assert.deepEqual(await client.getCollectionAliases(DATA), { aliases: [{ alias_name: ALIAS, collection_name: DATA }] });
        assert.deepEqual(await client.getCollectionAliases(SCRATCH), { aliases: [] });

        // Reads through the alias reach the collection.
        assert.deepEqual(await client.count(ALIAS, {}), { count: 6 });
        const { points } = await client.query(ALIAS, { query: [0, 0, 0, 1], limit: 1 });
        assert.equal(points[0].id, 4);

        assert.equal(await client.updateCollectionAliases({
            actions: [{ rename_alias: { old_alias_name: ALIAS, new_alias_name: ALIAS2 } }],
        }), true);
        assert.deepEqual(await client.getCollectionAliases(DATA), { aliases: [{ alias_name: ALIAS2, collection_name: DATA }] });
        assert.equal(await client.updateCollectionAliases({ actions: [{ delete_alias: { alias_name: ALIAS2 } }] }), true);
        assert.deepEqual(await client.getCollectionAliases(DATA), { aliases: [] });
        await apiError(client.count(ALIAS2, {}), 404);
    });

    test('an alias to an unknown collection is refused', async () => {
        const e = await apiError(client.updateCollectionAliases({
            actions: [{ create_alias: { collection_name: `js_missing_${suffix}`, alias_name: ALIAS } }],
        }), 404);
        assert.match(e.data.status.error, /doesn't exist/);
    });
});

describe('request parameters', () => {
    test('consistency, ordering and timeout are accepted', async () => {
        assertCompleted(await client.upsert(NAMED, {
            wait: true, ordering: 'strong', timeout: 30,
            points: [{ id: 40, vector: { text: [0, 0, 2], image: [3, 3] }, payload: { kind: 'e' } }],
        }), 'upsert with ordering');
        for (const consistency of ['majority', 'quorum', 'all', 1]) {
            const { points } = await client.query(NAMED, { query: [0, 0, 1], using: 'text', limit: 1, consistency, timeout: 30 });
            assert.equal(points[0].id, 40, `consistency ${consistency}`);
        }
        const hits = await client.search(NAMED, { vector: { name: 'image', vector: [3, 3] }, limit: 1, consistency: 'majority', timeout: 5 });
        assert.equal(hits[0].id, 40);
        assert.equal((await client.retrieve(NAMED, { ids: [40], consistency: 'all' })).length, 1);
        assert.equal((await client.scroll(NAMED, { limit: 100, consistency: 2 })).points.length, 5);
        assertCompleted(await client.delete(NAMED, { wait: true, ordering: 'medium', points: [40] }), 'delete with ordering');
    });

    test('a wrong parameter value is a 400', async () => {
        await apiError(client.query(NAMED, { query: [0, 0, 1], using: 'text', consistency: 'most' }), 400);
        await apiError(client.upsert(NAMED, { ordering: 'fastest', points: [{ id: 41, vector: { text: [0, 0, 1] } }] }), 400);
    });

    test('conditional upserts (update_filter, update_mode) are honoured', async () => {
        await client.upsert(NAMED, {
            wait: true,
            points: [{ id: 3, vector: { text: [9, 9, 9], image: [9, 9] }, payload: { kind: 'overwritten' } }],
            update_filter: { must: [{ key: 'kind', match: { value: 'no such kind' } }] },
        });
        let [r] = await client.retrieve(NAMED, { ids: [3] });
        assert.equal(r.payload.kind, 'c', 'point 3 does not match the update_filter, so it keeps its payload');
        await client.upsert(NAMED, {
            wait: true,
            update_mode: 'insert_only',
            points: [{ id: 3, vector: { text: [9, 9, 9], image: [9, 9] }, payload: { kind: 'inserted' } }],
        });
        [r] = await client.retrieve(NAMED, { ids: [3] });
        assert.equal(r.payload.kind, 'c', 'insert_only leaves an existing point alone');
        await apiError(client.upsert(NAMED, { wait: true, update_mode: 'sometimes', points: [] }), 400);
    });
});

describe('recreateCollection', () => {
    test('drops the collection and creates it anew', async () => {
        assert.equal(await client.recreateCollection(RAW, { vectors: { size: 2, distance: 'Euclid' }, shard_number: 3 }), true);
        const info = await client.getCollection(RAW);
        assert.equal(info.points_count, 0);
        assert.equal(info.config.params.vectors.size, 2);
        assert.equal(info.config.params.shard_number, 3);
    });
});

describe('deleting collections', () => {
    test('deleteCollection drops it; a second delete answers false', async () => {
        assert.equal(await client.deleteCollection(SCRATCH), true);
        assert.deepEqual(await client.collectionExists(SCRATCH), { exists: false });
        assert.equal(await client.deleteCollection(SCRATCH), false);
        await apiError(client.count(SCRATCH, {}), 404);
        const { collections } = await client.getCollections();
        assert.ok(!collections.some((c) => c.name === SCRATCH));
        assert.equal(await client.deleteCollection(NAMED), true);
        assert.equal(await client.deleteCollection(DATA), true);
        assert.equal(await client.deleteCollection(RAW), true);
        const left = (await client.getCollections()).collections.map((c) => c.name);
        assert.ok(!left.some((n) => n.endsWith(suffix)), `all test collections gone: ${left}`);
    });
});
