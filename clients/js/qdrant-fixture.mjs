// What the Qdrant JS client scripts share: the client, per-run collection names, the data set of DATA with payloads
// that make every filter condition select a known set of points, assertions, and the collections each script
// builds before its tests (seed) and drops after them.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { QdrantClient } from '@qdrant/js-client-rest';

export const url = process.env.ATOLL_URL;
if (!url) {
    throw new Error('set ATOLL_URL to the base URL of a running Atoll server, e.g. http://127.0.0.1:6333');
}
export const client = new QdrantClient({ url, checkCompatibility: false, timeout: 60_000 });

export const suffix = `${process.pid}_${Date.now()}`;
export const DATA = `js_data_${suffix}`; // single unnamed vector, read-only after setup
export const SCRATCH = `js_scratch_${suffix}`; // single unnamed vector, for updates
export const NAMED = `js_named_${suffix}`; // named vectors
export const RAW = `js_raw_${suffix}`; // the points of DATA without payload indexes, on one shard
export const ALIAS = `js_alias_${suffix}`;
export const ALIAS2 = `js_alias2_${suffix}`;

export const UUID_A = '550e8400-e29b-41d4-a716-446655440000';
export const UUID_B = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';

export const BERLIN = { lon: 13.405, lat: 52.52 };
const POTSDAM = { lon: 13.0645, lat: 52.3906 };
const LONDON = { lon: -0.1278, lat: 51.5074 };
const PARIS = { lon: 2.3522, lat: 48.8566 };
const MOSCOW = { lon: 37.6173, lat: 55.7558 };
const ROME = { lon: 12.4964, lat: 41.9028 };

// The data set of DATA: ids, unit vectors (so stored cosine vectors equal the given ones) and payloads that
// make every filter condition select a known, distinct set of points.
export const S = Math.SQRT1_2;
export const POINTS = [
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
export const LIST_FORM = POINTS.slice(0, 3);
export const BATCH_FORM = POINTS.slice(3);
export const ALL_IDS = POINTS.map((p) => p.id);

export function key(id) {
    return String(id);
}

/** Ids as a sorted list of strings, for order-insensitive comparison. */
function idSet(ids) {
    return ids.map(key).sort();
}

export function assertIds(actual, expected, message) {
    assert.deepEqual(idSet(actual), idSet(expected), message);
}

export function assertVector(actual, expected, message) {
    assert.ok(Array.isArray(actual), `${message}: expected a vector, got ${JSON.stringify(actual)}`);
    assert.equal(actual.length, expected.length, `${message}: length`);
    for (let i = 0; i < expected.length; i++) {
        assert.ok(Math.abs(actual[i] - expected[i]) < 1e-5, `${message}: [${i}] ${actual[i]} != ${expected[i]}`);
    }
}

export function pointOf(id) {
    return POINTS.find((p) => key(p.id) === key(id));
}

/** Ids of the points of a collection matching the filter, through scroll and count (which must agree). */
export async function matchingIn(collection, filter) {
    const page = await client.scroll(collection, { filter, limit: 100, with_payload: false });
    assert.equal(page.next_page_offset ?? null, null, 'one page holds every match');
    const { count } = await client.count(collection, { filter, exact: true });
    assert.equal(count, page.points.length, `count agrees with scroll for ${JSON.stringify(filter)}`);
    return page.points.map((p) => p.id);
}

/** The error the client throws for a call, checked to be the client's ApiError with this status. */
export async function apiError(promise, status) {
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
export function assertCompleted(result, message) {
    assert.equal(result.status, 'completed', `${message}: ${JSON.stringify(result)}`);
    assert.equal(typeof result.operation_id, 'number', `${message}: operation_id in ${JSON.stringify(result)}`);
}

export const DATA_CONFIG = {
    vectors: { size: 4, distance: 'Cosine' },
    shard_number: 2,
    hnsw_config: { m: 16, ef_construct: 100 },
    on_disk_payload: false,
};
export const SCRATCH_CONFIG = { vectors: { size: 4, distance: 'Cosine' }, shard_number: 2 };
export const NAMED_CONFIG = {
    vectors: {
        text: { size: 3, distance: 'Dot' },
        image: { size: 2, distance: 'Euclid', hnsw_config: { m: 8, ef_construct: 64 } },
    },
    shard_number: 2,
    hnsw_config: { m: 32, ef_construct: 200 },
};
export const NAMED_POINTS = [
    { id: 1, vector: { text: [1, 0, 0], image: [0, 0] }, payload: { kind: 'a' } },
    { id: 2, vector: { text: [0, 1, 0], image: [1, 1] }, payload: { kind: 'b' } },
    { id: 3, vector: { text: [0, 0, 1], image: [5, 5] }, payload: { kind: 'c' } },
    { id: UUID_A, vector: { text: [0.5, 0.5, 0], image: [10, 0] }, payload: { kind: 'd' } },
];
/** The payload indexes of DATA: a keyword, numbers, a datetime, a geo point and a full-text field. */
export const PAYLOAD_INDEXES = { city: 'keyword', count: 'integer', price: 'float', created: 'datetime', location: 'geo' };
export const TEXT_INDEX = { type: 'text', tokenizer: 'word', lowercase: true, phrase_matching: true };

const ALL_COLLECTIONS = [DATA, SCRATCH, NAMED, RAW];

/**
 * Registers the script's hooks: before its tests, leftovers of an earlier run are dropped and, with {@code seed},
 * DATA (with its payload indexes), NAMED and RAW are built as the first script's write tests build them, and
 * SCRATCH created empty; after them every collection of the run is dropped.
 */
export function collectionsFor({ seed }) {
    before(async () => {
        for (const name of ALL_COLLECTIONS) {
            if ((await client.collectionExists(name)).exists) {
                await client.deleteCollection(name);
            }
        }
        if (seed) {
            await client.createCollection(DATA, DATA_CONFIG);
            assertCompleted(await client.upsert(DATA, { wait: true, points: POINTS }), 'seed DATA');
            for (const [field_name, field_schema] of Object.entries({ ...PAYLOAD_INDEXES, description: TEXT_INDEX })) {
                assertCompleted(await client.createPayloadIndex(DATA, { field_name, field_schema, wait: true }), field_name);
            }
            await client.createCollection(NAMED, NAMED_CONFIG);
            assertCompleted(await client.upsert(NAMED, { wait: true, points: NAMED_POINTS }), 'seed NAMED');
            await client.createCollection(RAW, { vectors: { size: 4, distance: 'Cosine' } });
            assertCompleted(await client.upsert(RAW, { wait: true, points: POINTS }), 'seed RAW');
            await client.createCollection(SCRATCH, SCRATCH_CONFIG);
        }
    });
    after(async () => {
        for (const name of ALL_COLLECTIONS) {
            try {
                await client.deleteCollection(name);
            } catch {
                // already gone (deleted by the test) or the server is down: nothing to clean
            }
        }
    });
}
