// Qdrant's JS client reading points from an Atoll server: retrieve, scroll, count, and every filter condition with
// and without payload indexes (DATA has them, RAW holds the same points without). See qdrant-client.test.mjs.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
    client, DATA, NAMED, RAW, UUID_A, UUID_B, BERLIN, ALL_IDS, key, assertIds, assertVector, pointOf, matchingIn,
    apiError, collectionsFor,
} from './qdrant-fixture.mjs';

collectionsFor({ seed: true });

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
