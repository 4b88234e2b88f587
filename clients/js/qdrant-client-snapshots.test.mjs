// Drives Qdrant's official JS REST client (@qdrant/js-client-rest) through Atoll's snapshots: collection snapshots
// created, listed, downloaded (and checked against their SHA-256), recovered from a URL with each priority and
// deleted; full and shard snapshots created, listed, recovered and deleted.
// Run: ATOLL_URL=http://127.0.0.1:6333 node --test qdrant-client-snapshots.test.mjs
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { QdrantClient } from '@qdrant/js-client-rest';

const url = process.env.ATOLL_URL;
if (!url) {
    throw new Error('set ATOLL_URL to the base URL of a running Atoll node');
}
const client = new QdrantClient({ url, checkCompatibility: false, timeout: 60_000 });
const NAME = `js_snap_${process.pid}_${Date.now()}`;
const COPY = `${NAME}_copy`;

function point(i) {
    return { id: i, vector: [1, i % 5, i % 7, 3], payload: { i, tag: `t${i % 3}` } };
}

async function ids(collection) {
    const out = [];
    let offset = null;
    do {
        const page = await client.scroll(collection, { limit: 250, offset, with_payload: false });
        page.points.forEach((p) => out.push(Number(p.id)));
        offset = page.next_page_offset ?? null;
    } while (offset !== null);
    return out.sort((a, b) => a - b);
}

function range(from, to) {
    return Array.from({ length: to - from + 1 }, (_, k) => from + k);
}

describe('collection snapshots through the official client', () => {
    let snapshot;

    before(async () => {
        await client.createCollection(NAME, { vectors: { size: 4, distance: 'Cosine' }, shard_number: 2 });
        await client.upsert(NAME, { wait: true, points: range(1, 300).map(point) });
        snapshot = await client.createSnapshot(NAME, { wait: true });
    });

    after(async () => {
        await client.deleteCollection(NAME);
        await client.deleteCollection(COPY);
    });

    test('a created snapshot is listed with its size and SHA-256, and downloads as those bytes', async () => {
        assert.match(snapshot.name, /\.snapshot$/);
        assert.ok(snapshot.size > 0);
        assert.match(snapshot.checksum, /^[0-9a-f]{64}$/);
        const listed = await client.listSnapshots(NAME);
        assert.deepEqual(listed.map((s) => s.name), [snapshot.name]);
        assert.equal(listed[0].checksum, snapshot.checksum);
        const r = await fetch(`${url}/collections/${NAME}/snapshots/${snapshot.name}`);
        assert.equal(r.status, 200);
        const bytes = Buffer.from(await r.arrayBuffer());
        assert.equal(bytes.length, snapshot.size);
        assert.equal(createHash('sha256').update(bytes).digest('hex'), snapshot.checksum);
    });

    test('recovering with priority snapshot brings back exactly the snapshot\'s points', async () => {
        await client.upsert(NAME, { wait: true, points: range(301, 350).map(point) });
        await client.delete(NAME, { wait: true, points: range(1, 10) });
        await client.setPayload(NAME, { wait: true, payload: { tag: 'changed' }, points: [20] });
        const location = `${url}/collections/${NAME}/snapshots/${snapshot.name}`;
        assert.equal(await client.recoverSnapshot(NAME, { location, priority: 'snapshot', checksum: snapshot.checksum }), true);
        assert.deepEqual(await ids(NAME), range(1, 300));
        const [p20] = await client.retrieve(NAME, { ids: [20], with_payload: true });
        assert.equal(p20.payload.tag, 't2');
    });

    test('recovering with priority replica only adds what the collection lacks', async () => {
        await client.delete(NAME, { wait: true, points: range(1, 5) });
        await client.setPayload(NAME, { wait: true, payload: { tag: 'kept' }, points: [6] });
        await client.upsert(NAME, { wait: true, points: [point(400)] });
        const location = `${url}/collections/${NAME}/snapshots/${snapshot.name}`;
        assert.equal(await client.recoverSnapshot(NAME, { location, priority: 'replica' }), true);
        assert.deepEqual(await ids(NAME), [...range(1, 300), 400]);
        const [p6] = await client.retrieve(NAME, { ids: [6], with_payload: true });
        assert.equal(p6.payload.tag, 'kept');
    });

    test('a snapshot recovered under another name creates that collection with the same configuration', async () => {
        const location = `${url}/collections/${NAME}/snapshots/${snapshot.name}`;
        assert.equal(await client.recoverSnapshot(COPY, { location }), true);
        const info = await client.getCollection(COPY);
        assert.equal(info.config.params.shard_number, 2);
        assert.equal(info.config.params.vectors.size, 4);
        assert.deepEqual(await ids(COPY), range(1, 300));
    });

    test('a wrong checksum is refused and changes nothing', async () => {
        const location = `${url}/collections/${NAME}/snapshots/${snapshot.name}`;
        await client.delete(NAME, { wait: true, points: [300] });
        await assert.rejects(client.recoverSnapshot(NAME, { location, checksum: '0'.repeat(64) }),
            (e) => e.status === 400 && /checksum/.test(JSON.stringify(e.data)));
        assert.equal((await ids(NAME)).includes(300), false);
    });

    test('a deleted snapshot is no longer listed', async () => {
        assert.equal(await client.deleteSnapshot(NAME, snapshot.name), true);
        assert.deepEqual(await client.listSnapshots(NAME), []);
        await assert.rejects(client.deleteSnapshot(NAME, snapshot.name), (e) => e.status === 404);
    });
});

describe('full and shard snapshots through the official client', () => {
    const SHARDED = `${NAME}_shards`;

    before(async () => {
        await client.createCollection(SHARDED, { vectors: { size: 4, distance: 'Dot' }, shard_number: 1 });
        await client.upsert(SHARDED, { wait: true, points: range(1, 120).map(point) });
    });

    after(async () => {
        await client.deleteCollection(SHARDED);
    });

    test('a full snapshot holds every collection and is listed, then deleted', async () => {
        const full = await client.createFullSnapshot({ wait: true });
        assert.match(full.checksum, /^[0-9a-f]{64}$/);
        assert.ok((await client.listFullSnapshots()).some((s) => s.name === full.name));
        assert.equal(await client.deleteFullSnapshot(full.name), true);
        assert.equal((await client.listFullSnapshots()).some((s) => s.name === full.name), false);
    });

    test('a shard snapshot recovers its shard by name', async () => {
        const shard = await client.createShardSnapshot(SHARDED, 0, { wait: true });
        assert.deepEqual((await client.listShardSnapshots(SHARDED, 0)).map((s) => s.name), [shard.name]);
        await client.delete(SHARDED, { wait: true, points: range(1, 60) });
        await client.upsert(SHARDED, { wait: true, points: [point(500)] });
        assert.equal(await client.recoverShardFromSnapshot(SHARDED, 0, { location: shard.name, priority: 'snapshot', wait: true }), true);
        assert.deepEqual(await ids(SHARDED), range(1, 120));
        assert.equal(await client.deleteShardSnapshot(SHARDED, 0, shard.name, { wait: true }), true);
        assert.deepEqual(await client.listShardSnapshots(SHARDED, 0), []);
    });
});
