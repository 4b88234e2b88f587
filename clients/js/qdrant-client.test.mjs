// Drives Qdrant's official JS REST client (@qdrant/js-client-rest) against an Atoll server.
// Run: ATOLL_URL=http://127.0.0.1:6333 node --test qdrant-client.test.mjs
// Every call goes through the client, so a wrong status, a wrong response shape or a missing endpoint fails here
// the way it would fail for a user of the client.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { QdrantClient } from '@qdrant/js-client-rest';

const url = process.env.ATOLL_URL;
if (!url) {
    throw new Error('set ATOLL_URL to the base URL of a running Atoll server, e.g. http://127.0.0.1:6333');
}
const client = new QdrantClient({ url, checkCompatibility: false, timeout: 60_000 });

const suffix = `${process.pid}_${Date.now()}`;
const DATA = `js_data_${suffix}`; // single unnamed vector, read-only after setup
const SCRATCH = `js_scratch_${suffix}`; // single unnamed vector, for updates
const NAMED = `js_named_${suffix}`; // named vectors
const RAW = `js_raw_${suffix}`; // the points of DATA without payload indexes, on one shard
const ALIAS = `js_alias_${suffix}`;
const ALIAS2 = `js_alias2_${suffix}`;

const UUID_A = '550e8400-e29b-41d4-a716-446655440000';
const UUID_B = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';

const BERLIN = { lon: 13.405, lat: 52.52 };
const POTSDAM = { lon: 13.0645, lat: 52.3906 };
const LONDON = { lon: -0.1278, lat: 51.5074 };
const PARIS = { lon: 2.3522, lat: 48.8566 };
const MOSCOW = { lon: 37.6173, lat: 55.7558 };
const ROME = { lon: 12.4964, lat: 41.9028 };

// The data set of DATA: ids, unit vectors (so stored cosine vectors equal the given ones) and payloads that
// make every filter condition select a known, distinct set of points.
const S = Math.SQRT1_2;
const POINTS = [
    {
        id: 1, vector: [1, 0, 0, 0], payload: {
            city: 'Berlin', count: 1, price: 10.5, tags: ['a', 'b'], description: 'the quick brown fox',
            created: '2024-01-01T00:00:00Z', location: BERLIN, active: true, items: [{ name: 'apple', qty: 1 }], note: 'x',
            meta: { level: 1 },
        },
    },
    {
        id: 2, vector: [0, 1, 0, 0], payload: {
            city: 'London', count: 2, price: 20, tags: ['b'], description: 'lazy dog sleeps',
            created: '2024-02-15T12:00:00Z', location: LONDON, active: false,
            items: [{ name: 'apple', qty: 5 }, { name: 'pear', qty: 1 }], note: null, meta: { level: 2 },
        },
    },
    {
        id: UUID_A, vector: [S, S, 0, 0], payload: {
            city: 'Paris', count: 5, price: 50, tags: ['c'], description: 'fox',
            created: '2024-05-01T00:00:00Z', location: PARIS, active: false, items: [{ name: 'plum', qty: 9 }], note: 'z',
            meta: { level: 5 },
        },
    },
    // The rest is written in the column ("batch") form.
    {
        id: 3, vector: [0, 0, 1, 0], payload: {
            city: 'Moscow', count: 3, price: 30, tags: [], description: 'quick red fox jumps',
            created: '2024-03-10T08:30:00Z', location: MOSCOW, active: true, items: [],
            meta: { level: 3 },
        },
    },
    {
        id: 4, vector: [0, 0, 0, 1], payload: {
            city: 'Berlin', count: 4, price: 40, tags: ['a', 'c', 'd'], description: 'brown bear',
            created: '2024-04-20T00:00:00Z', location: POTSDAM, active: false,
            items: [{ name: 'pear', qty: 3 }, { name: 'apple', qty: 1 }], note: 'y', meta: { level: 4 },
        },
    },
    {
        id: UUID_B, vector: [0, 0, S, S], payload: {
            city: 'Rome', count: 6, price: 60, description: 'slow turtle',
            created: '2024-06-30T23:59:59Z', location: ROME, active: true, items: [{ name: 'fig', qty: 2 }], note: null,
            meta: { level: 6 },
        },
    },
];
const LIST_FORM = POINTS.slice(0, 3);
const BATCH_FORM = POINTS.slice(3);
const ALL_IDS = POINTS.map((p) => p.id);

function key(id) {
    return String(id);
}

/** Ids as a sorted list of strings, for order-insensitive comparison. */
function idSet(ids) {
    return ids.map(key).sort();
}

function assertIds(actual, expected, message) {
    assert.deepEqual(idSet(actual), idSet(expected), message);
}

function assertVector(actual, expected, message) {
    assert.ok(Array.isArray(actual), `${message}: expected a vector, got ${JSON.stringify(actual)}`);
    assert.equal(actual.length, expected.length, `${message}: length`);
    for (let i = 0; i < expected.length; i++) {
        assert.ok(Math.abs(actual[i] - expected[i]) < 1e-5, `${message}: [${i}] ${actual[i]} != ${expected[i]}`);
    }
}

function pointOf(id) {
    return POINTS.find((p) => key(p.id) === key(id));
}

/** Ids of the points of a collection matching the filter, through scroll and count (which must agree). */
async function matchingIn(collection, filter) {
    const page = await client.scroll(collection, { filter, limit: 100, with_payload: false });
    assert.equal(page.next_page_offset ?? null, null, 'one page holds every match');
    const { count } = await client.count(collection, { filter, exact: true });
    assert.equal(count, page.points.length, `count agrees with scroll for ${JSON.stringify(filter)}`);
    return page.points.map((p) => p.id);
}

/** The error the client throws for a call, checked to be the client's ApiError with this status. */
async function apiError(promise, status) {
    let error;
    try {
        await promise;
    } catch (e) {
        error = e;
    }
    assert.ok(error, `expected an ApiError with status ${status}, but the call succeeded`);
    const names = [];
    for (let p = Object.getPrototypeOf(error); p; p = Object.getPrototypeOf(p)) {
        names.push(p.constructor.name);
    }
    assert.ok(names.includes('ApiError'), `expected an ApiError, got ${names.join(' < ')}: ${error.stack}`);
    assert.equal(error.status, status, `status of ${JSON.stringify(error.data)}`);
    assert.equal(typeof error.data?.status?.error, 'string', `Qdrant error envelope: ${JSON.stringify(error.data)}`);
    assert.equal(typeof error.data.time, 'number', 'error envelope has time');
    return error;
}

/** A write answered with wait=true: {operation_id, status: "completed"}. */
function assertCompleted(result, message) {
    assert.equal(result.status, 'completed', `${message}: ${JSON.stringify(result)}`);
    assert.equal(typeof result.operation_id, 'number', `${message}: operation_id in ${JSON.stringify(result)}`);
}

before(async () => {
    // Leftovers of an earlier run on the same server would make the counts wrong.
    for (const name of [DATA, SCRATCH, NAMED, RAW]) {
        if ((await client.collectionExists(name)).exists) {
            await client.deleteCollection(name);
        }
    }
});

after(async () => {
    for (const name of [DATA, SCRATCH, NAMED, RAW]) {
        try {
            await client.deleteCollection(name);
        } catch {
            // already gone (deleted by the test) or the server is down: nothing to clean
        }
    }
});

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
        assert.equal(await client.createCollection(DATA, {
            vectors: { size: 4, distance: 'Cosine' },
            shard_number: 2,
            hnsw_config: { m: 16, ef_construct: 100 },
            on_disk_payload: false,
        }), true);
        assert.equal(await client.createCollection(SCRATCH, {
            vectors: { size: 4, distance: 'Cosine' },
            shard_number: 2,
        }), true);
    });

    test('createCollection with named vectors', async () => {
        assert.equal(await client.createCollection(NAMED, {
            vectors: {
                text: { size: 3, distance: 'Dot' },
                image: { size: 2, distance: 'Euclid', hnsw_config: { m: 8, ef_construct: 64 } },
            },
            shard_number: 2,
            hnsw_config: { m: 32, ef_construct: 200 },
        }), true);
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
        assertCompleted(await client.upsert(NAMED, {
            points: [
                { id: 1, vector: { text: [1, 0, 0], image: [0, 0] }, payload: { kind: 'a' } },
                { id: 2, vector: { text: [0, 1, 0], image: [1, 1] }, payload: { kind: 'b' } },
            ],
        }), 'named upsert points');
        assertCompleted(await client.upsert(NAMED, {
            batch: {
                ids: [3, UUID_A],
                vectors: { text: [[0, 0, 1], [0.5, 0.5, 0]], image: [[5, 5], [10, 0]] },
                payloads: [{ kind: 'c' }, { kind: 'd' }],
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
        const indexes = { city: 'keyword', count: 'integer', price: 'float', created: 'datetime', location: 'geo' };
        for (const [field_name, field_schema] of Object.entries(indexes)) {
            assertCompleted(await client.createPayloadIndex(DATA, { field_name, field_schema, wait: true }), field_name);
        }
        assertCompleted(await client.createPayloadIndex(DATA, {
            field_name: 'description',
            field_schema: { type: 'text', tokenizer: 'word', lowercase: true, phrase_matching: true },
            wait: true,
        }), 'text index');
        const { payload_schema } = await client.getCollection(DATA);
        for (const [field, type] of Object.entries(indexes)) {
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

describe('points: reads', () => {
    test('retrieve returns payloads and vectors by integer and UUID id', async () => {
        const records = await client.retrieve(DATA, { ids: [1, UUID_A, 12345], with_payload: true, with_vector: true });
        assertIds(records.map((r) => r.id), [1, UUID_A]);
        for (const r of records) {
            const p = pointOf(r.id);
            assert.deepEqual(r.payload, p.payload);
            assertVector(r.vector, p.vector, `vector of ${r.id}`);
        }
    });

    test('retrieve honours with_payload selectors and with_vector=false', async () => {
        const [r] = await client.retrieve(DATA, { ids: [2], with_payload: ['city', 'count'], with_vector: false });
        assert.deepEqual(r.payload, { city: 'London', count: 2 });
        assert.ok(r.vector == null, `no vector: ${JSON.stringify(r.vector)}`);
        const [x] = await client.retrieve(DATA, { ids: [2], with_payload: { exclude: ['items', 'meta', 'location'] } });
        assert.deepEqual(Object.keys(x.payload).sort(), ['active', 'city', 'count', 'created', 'description', 'note', 'price', 'tags']);
        const [none] = await client.retrieve(DATA, { ids: [2], with_payload: false });
        assert.ok(none.payload == null || Object.keys(none.payload).length === 0, JSON.stringify(none.payload));
    });

    test('getPoint (raw API) returns one record; an unknown id is a 404', async () => {
        const r = await client.api().getPoint({ collection_name: DATA, id: UUID_B });
        assert.equal(r.status, 200);
        assert.equal(r.data.status, 'ok');
        assert.equal(r.data.result.id, UUID_B);
        assert.deepEqual(r.data.result.payload, pointOf(UUID_B).payload);
        assertVector(r.data.result.vector, pointOf(UUID_B).vector, 'getPoint vector');
        const byInt = await client.api().getPoint({ collection_name: DATA, id: 4 });
        assert.equal(byInt.data.result.id, 4);
        await apiError(client.api().getPoint({ collection_name: DATA, id: 777 }), 404);
    });

    test('retrieve of named vectors returns them by name', async () => {
        const [r] = await client.retrieve(NAMED, { ids: [UUID_A], with_vector: true });
        assertVector(r.vector.text, [0.5, 0.5, 0], 'text (Dot is not normalized)');
        assertVector(r.vector.image, [10, 0], 'image');
        const [only] = await client.retrieve(NAMED, { ids: [2], with_vector: ['image'] });
        assert.deepEqual(Object.keys(only.vector), ['image']);
    });

    test('scroll pages through every point with next_page_offset', async () => {
        const seen = [];
        let offset;
        let pages = 0;
        do {
            const page = await client.scroll(DATA, { limit: 2, offset, with_payload: true, with_vector: false });
            assert.ok(page.points.length <= 2);
            for (const p of page.points) {
                assert.deepEqual(p.payload, pointOf(p.id).payload);
                seen.push(p.id);
            }
            offset = page.next_page_offset ?? undefined;
            pages++;
            assert.ok(pages <= 10, 'scroll terminates');
        } while (offset !== undefined);
        assert.equal(pages, 3);
        assert.equal(new Set(seen.map(key)).size, seen.length, 'no point twice');
        assertIds(seen, ALL_IDS);
        // Integer ids come first, in order, as in Qdrant.
        assert.deepEqual(seen.slice(0, 4), [1, 2, 3, 4]);
    });

    test('scroll with a filter and with_vector', async () => {
        const page = await client.scroll(DATA, {
            filter: { must: [{ key: 'city', match: { value: 'Berlin' } }] },
            limit: 1, with_vector: true, with_payload: false,
        });
        assert.equal(page.points.length, 1);
        assert.equal(page.points[0].id, 1);
        assertVector(page.points[0].vector, [1, 0, 0, 0], 'scroll vector');
        assert.equal(page.next_page_offset, 4);
        const rest = await client.scroll(DATA, {
            filter: { must: [{ key: 'city', match: { value: 'Berlin' } }] }, limit: 5, offset: page.next_page_offset,
        });
        assert.deepEqual(rest.points.map((p) => p.id), [4]);
        assert.equal(rest.next_page_offset ?? null, null);
    });

    test('count, with and without a filter', async () => {
        assert.deepEqual(await client.count(DATA), { count: 6 });
        assert.deepEqual(await client.count(DATA, { exact: true }), { count: 6 });
        assert.deepEqual(await client.count(DATA, { filter: { must: [{ key: 'city', match: { value: 'Berlin' } }] } }), { count: 2 });
        assert.deepEqual(await client.count(DATA, { filter: { must: [{ key: 'count', range: { gte: 3 } }] }, exact: false }), { count: 4 });
    });
});

for (const [label, COLL, indexed] of [['indexed', DATA, true], ['not indexed', RAW, false]]) describe(`filters (${label})`, () => {
    const matching = (filter) => matchingIn(COLL, filter);
    const city = (value) => ({ key: 'city', match: { value } });

    test('must, should, must_not', async () => {
        assertIds(await matching({ must: [city('Berlin')] }), [1, 4]);
        assertIds(await matching({ should: [city('London'), city('Moscow')] }), [2, 3]);
        assertIds(await matching({ must_not: [city('Berlin')] }), [2, 3, UUID_A, UUID_B]);
        assertIds(await matching({
            must: [{ key: 'price', range: { gte: 20 } }],
            should: [city('Berlin'), city('Rome')],
            must_not: [{ has_id: [UUID_B] }],
        }), [4]);
    });

    test('min_should', async () => {
        assertIds(await matching({
            min_should: {
                conditions: [city('Berlin'), { key: 'tags', match: { value: 'c' } }, { key: 'count', range: { gte: 4 } }],
                min_count: 2,
            },
        }), [4, UUID_A]);
    });

    test('match value on strings, integers and booleans, match any, match except', async () => {
        assertIds(await matching({ must: [{ key: 'count', match: { value: 3 } }] }), [3]);
        assertIds(await matching({ must: [{ key: 'active', match: { value: true } }] }), [1, 3, UUID_B]);
        assertIds(await matching({ must: [{ key: 'active', match: { value: false } }] }), [2, 4, UUID_A]);
        assertIds(await matching({ must: [{ key: 'tags', match: { value: 'a' } }] }), [1, 4]);
        assertIds(await matching({ must: [{ key: 'city', match: { any: ['London', 'Paris', 'Oslo'] } }] }), [2, UUID_A]);
        assertIds(await matching({ must: [{ key: 'count', match: { any: [1, 6] } }] }), [1, UUID_B]);
        assertIds(await matching({ must: [{ key: 'city', match: { except: ['Berlin', 'London'] } }] }), [3, UUID_A, UUID_B]);
    });

    test('match text: tokens with a full-text index, a substring without', async () => {
        assertIds(await matching({ must: [{ key: 'description', match: { text: 'fox' } }] }), [1, 3, UUID_A]);
        if (indexed) {
            assertIds(await matching({ must: [{ key: 'description', match: { text: 'quick fox' } }] }), [1, 3]);
            assertIds(await matching({ must: [{ key: 'description', match: { text: 'FOX Quick' } }] }), [1, 3]);
            assertIds(await matching({ must: [{ key: 'description', match: { text_any: 'bear dog' } }] }), [2, 4]);
            assertIds(await matching({ must: [{ key: 'description', match: { phrase: 'quick brown' } }] }), [1]);
            assertIds(await matching({ must: [{ key: 'description', match: { phrase: 'brown quick' } }] }), []);
        } else {
            assertIds(await matching({ must: [{ key: 'description', match: { text: 'quick fox' } }] }), []);
            assertIds(await matching({ must: [{ key: 'description', match: { text: 'quick brown' } }] }), [1]);
            assertIds(await matching({ must: [{ key: 'description', match: { text: 'ck red f' } }] }), [3]);
        }
    });

    test('range on numbers', async () => {
        assertIds(await matching({ must: [{ key: 'price', range: { gt: 15, lte: 40 } }] }), [2, 3, 4]);
        assertIds(await matching({ must: [{ key: 'price', range: { lt: 10.5 } }] }), []);
        assertIds(await matching({ must: [{ key: 'price', range: { lte: 10.5 } }] }), [1]);
    });

    test('datetime range', async () => {
        assertIds(await matching({
            must: [{ key: 'created', range: { gte: '2024-02-01T00:00:00Z', lt: '2024-04-20T00:00:00Z' } }],
        }), [2, 3]);
        assertIds(await matching({ must: [{ key: 'created', range: { gt: '2024-06-01T00:00:00+02:00' } }] }), [UUID_B]);
        assertIds(await matching({ must: [{ key: 'created', range: { gte: '2024-06-30' } }] }), [UUID_B]);
        assertIds(await matching({ must: [{ key: 'created', range: { lte: '2024-02-15 12:00:00' } }] }), [1, 2]);
    });

    test('geo_radius, geo_bounding_box and geo_polygon', async () => {
        assertIds(await matching({
            must: [{ key: 'location', geo_radius: { center: BERLIN, radius: 50_000 } }],
        }), [1, 4]);
        assertIds(await matching({
            must: [{
                key: 'location',
                geo_bounding_box: { top_left: { lon: -1, lat: 53 }, bottom_right: { lon: 3, lat: 48 } },
            }],
        }), [2, UUID_A]);
        const ring = (w, s, e, n) => ({ points: [{ lon: w, lat: s }, { lon: e, lat: s }, { lon: e, lat: n }, { lon: w, lat: n }, { lon: w, lat: s }] });
        assertIds(await matching({
            must: [{ key: 'location', geo_polygon: { exterior: ring(-2, 47, 4, 53) } }],
        }), [2, UUID_A]);
        assertIds(await matching({
            must: [{ key: 'location', geo_polygon: { exterior: ring(-2, 47, 4, 53), interiors: [ring(2, 48.5, 3, 49.2)] } }],
        }), [2]);
    });

    test('values_count', async () => {
        assertIds(await matching({ must: [{ key: 'tags', values_count: { gte: 2 } }] }), [1, 4]);
        assertIds(await matching({ must: [{ key: 'items', values_count: { lt: 1 } }] }), [3]);
        // A missing key has zero values.
        assertIds(await matching({ must: [{ key: 'tags', values_count: { lt: 1 } }] }), [3, UUID_B]);
    });

    test('is_empty and is_null', async () => {
        // is_empty: missing, null or []; is_null: exactly null.
        assertIds(await matching({ must: [{ is_empty: { key: 'tags' } }] }), [3, UUID_B]);
        assertIds(await matching({ must: [{ is_null: { key: 'note' } }] }), [2, UUID_B]);
        assertIds(await matching({ must_not: [{ is_empty: { key: 'note' } }] }), [1, 4, UUID_A]);
    });

    test('has_id', async () => {
        assertIds(await matching({ must: [{ has_id: [1, UUID_A, 999] }] }), [1, UUID_A]);
    });

    test('nested conditions hold for one array element; paths flatten arrays', async () => {
        assertIds(await matching({
            must: [{
                nested: {
                    key: 'items',
                    filter: { must: [{ key: 'name', match: { value: 'apple' } }, { key: 'qty', range: { gt: 2 } }] },
                },
            }],
        }), [2]);
        assertIds(await matching({
            must: [{ key: 'items[].name', match: { value: 'apple' } }, { key: 'items[].qty', range: { gt: 2 } }],
        }), [2, 4]);
        assertIds(await matching({ must: [{ key: 'meta.level', range: { gte: 5 } }] }), [UUID_A, UUID_B]);
    });

    test('nested boolean filters', async () => {
        assertIds(await matching({
            should: [
                { must: [city('Berlin'), { key: 'count', range: { gt: 1 } }] },
                { must_not: [{ key: 'price', range: { lt: 55 } }] },
            ],
        }), [4, UUID_B]);
    });

    test('a malformed filter is a 400', async () => {
        await apiError(client.count(COLL, { filter: { must: [{ key: 'city', match: {} }] } }), 400);
        await apiError(client.count(COLL, { filter: { must: [{ key: 'city', matches: { value: 'Berlin' } }] } }), 400);
    });
});

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

    test('scroll with order_by follows an integer key, as sorted here', async () => {
        const { points } = await client.scroll(DATA, { limit: 100, with_payload: true });
        const want = points.filter((p) => typeof p.payload.count === 'number')
            .map((p) => [p.payload.count, p.id]).sort((a, b) => b[0] - a[0] || (String(b[1]) < String(a[1]) ? -1 : 1));
        const ordered = await client.scroll(DATA, { order_by: { key: 'count', direction: 'desc' }, limit: 100 });
        assert.deepEqual(ordered.points.map((p) => p.order_value), want.map((w) => w[0]));
        assert.equal(ordered.next_page_offset, null);
        await apiError(client.scroll(DATA, { order_by: 'city' }), 400);
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
