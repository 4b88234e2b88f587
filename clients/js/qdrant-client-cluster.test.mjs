// Drives Qdrant's official JS REST client (@qdrant/js-client-rest) against a node of a two-node Atoll cluster:
// the shard operations of updateCollectionCluster (replicate, move, abort, drop a replica, resharding up and
// down) and what collectionClusterInfo reports while and after they run.
// Run: ATOLL_URL=http://127.0.0.1:6333 node --test qdrant-client-cluster.test.mjs (the node's cluster has two peers)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { QdrantClient } from '@qdrant/js-client-rest';

const url = process.env.ATOLL_URL;
if (!url) {
    throw new Error('set ATOLL_URL to the base URL of a node of a running two-node Atoll cluster');
}
const client = new QdrantClient({ url, checkCompatibility: false, timeout: 60_000 });
const NAME = `js_cluster_${process.pid}_${Date.now()}`;

async function peers() {
    const r = await fetch(`${url}/cluster`);
    const body = await r.json();
    return Object.keys(body.result.peers).map(Number);
}

/** The peers holding shard 0 and their states, from collectionClusterInfo. */
async function replicas() {
    const info = await client.collectionClusterInfo(NAME);
    const out = new Map();
    for (const s of info.local_shards) out.set(info.peer_id, s.state);
    for (const s of info.remote_shards) out.set(s.peer_id, s.state);
    return { info, out };
}

async function until(what, condition, ms = 60_000) {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
        if (await condition()) return;
        await new Promise((r) => setTimeout(r, 100));
    }
    assert.fail(`timed out waiting until ${what}`);
}

describe('shard operations through updateCollectionCluster', () => {
    let holder;
    let other;

    before(async () => {
        await client.createCollection(NAME, {
            vectors: { size: 4, distance: 'Dot' }, shard_number: 1, replication_factor: 1,
        });
        const points = [];
        for (let i = 1; i <= 500; i++) points.push({ id: i, vector: [i % 7, 1, 2, 3], payload: { i } });
        await client.upsert(NAME, { wait: true, points });
        const { out } = await replicas();
        holder = [...out.keys()][0];
        other = (await peers()).find((p) => p !== holder);
    });

    after(async () => {
        await client.deleteCollection(NAME);
    });

    test('collectionClusterInfo lists shards and no transfers', async () => {
        const { info, out } = await replicas();
        assert.equal(info.shard_count, 1);
        assert.deepEqual([...out.values()], ['Active']);
        assert.deepEqual(info.shard_transfers, []);
    });

    test('replicate_shard copies the shard to the other peer', async () => {
        assert.equal(await client.updateCollectionCluster(NAME, {
            replicate_shard: { shard_id: 0, from_peer_id: holder, to_peer_id: other, method: 'stream_records' },
        }), true);
        await until('both replicas are Active', async () => {
            const { info, out } = await replicas();
            return info.shard_transfers.length === 0 && out.get(other) === 'Active' && out.get(holder) === 'Active';
        });
        const count = await client.count(NAME, { exact: true });
        assert.equal(count.count, 500);
    });

    test('drop_replica removes one copy, and the last one is refused', async () => {
        assert.equal(await client.updateCollectionCluster(NAME, { drop_replica: { shard_id: 0, peer_id: holder } }), true);
        await until('the replica is dropped', async () => !(await replicas()).out.has(holder));
        await assert.rejects(
            client.updateCollectionCluster(NAME, { drop_replica: { shard_id: 0, peer_id: other } }),
            (e) => e.status === 400 && /last active replica/.test(JSON.stringify(e.data ?? e.message)),
        );
    });

    test('move_shard moves it back by a snapshot of the index (the default method)', async () => {
        assert.equal(await client.updateCollectionCluster(NAME, {
            move_shard: { shard_id: 0, from_peer_id: other, to_peer_id: holder },
        }), true);
        await until('the move finished', async () => {
            const { info, out } = await replicas();
            return info.shard_transfers.length === 0 && out.get(holder) === 'Active' && !out.has(other);
        });
        const got = await client.retrieve(NAME, { ids: [1, 500], with_payload: true });
        assert.deepEqual(got.map((p) => p.payload.i).sort((a, b) => a - b), [1, 500]);
    });

    test('abort_transfer of no transfer is a 404, an unknown peer a 400', async () => {
        await assert.rejects(
            client.updateCollectionCluster(NAME, { abort_transfer: { shard_id: 0, from_peer_id: holder, to_peer_id: other } }),
            (e) => e.status === 404,
        );
        await assert.rejects(
            client.updateCollectionCluster(NAME, { move_shard: { shard_id: 0, from_peer_id: holder, to_peer_id: 424242 } }),
            (e) => e.status === 400 && /Peer 424242 does not exist/.test(JSON.stringify(e.data ?? e.message)),
        );
    });

    test('start_resharding up then down: Atoll drives each to the end, every point stays', async () => {
        for (const [direction, shards] of [['up', 2], ['down', 1]]) {
            // The next one starts once the old shards have deleted what the last one moved away.
            await until(`resharding ${direction} started`, async () => {
                try {
                    return await client.updateCollectionCluster(NAME, { start_resharding: { direction } });
                } catch (e) {
                    if (/still cleaning up/.test(JSON.stringify(e.data ?? e.message))) return false;
                    throw e;
                }
            });
            await until(`resharding ${direction} finished`, async () => {
                const info = await client.collectionClusterInfo(NAME);
                return info.resharding_operations === undefined && info.shard_count === shards;
            });
            assert.equal((await client.count(NAME, { exact: true })).count, 500);
        }
        await until('the last refusal is the last shard, not the cleanup', async () => {
            try {
                await client.updateCollectionCluster(NAME, { start_resharding: { direction: 'down' } });
                assert.fail('scaling down the last shard was accepted');
            } catch (e) {
                const text = JSON.stringify(e.data ?? e.message);
                if (/still cleaning up/.test(text)) return false;
                assert.equal(e.status, 400);
                assert.match(text, /it is the last shard/);
                return true;
            }
        });
    });
});

describe('custom shard keys and tenant promotion', () => {
    const KEYED = `${NAME}_keyed`;

    before(async () => {
        await client.createCollection(KEYED, {
            vectors: { size: 4, distance: 'Dot' }, sharding_method: 'custom', shard_number: 1, replication_factor: 1,
        });
    });

    after(async () => {
        await client.deleteCollection(KEYED);
    });

    test('createShardKey, listShardKeys, and writes and reads by key', async () => {
        const [first] = await peers();
        assert.equal(await client.createShardKey(KEYED, { shard_key: 'default' }), true);
        assert.equal(await client.createShardKey(KEYED, { shard_key: 7, shards_number: 2, placement: [first] }), true);
        const keys = (await client.listShardKeys(KEYED)).shard_keys.map((k) => k.key);
        assert.deepEqual(new Set(keys), new Set(['default', 7]));
        await assert.rejects(client.createShardKey(KEYED, { shard_key: 7 }),
            (e) => e.status === 400 && /already exists/.test(JSON.stringify(e.data ?? e.message)));

        const points = (from, group) => Array.from({ length: 50 }, (_, i) => ({
            id: from + i, vector: [1, i % 3, 0, 1], payload: { group },
        }));
        await client.upsert(KEYED, { wait: true, points: points(1, 'a'), shard_key: 'default' });
        await client.upsert(KEYED, { wait: true, points: points(1, 'b'), shard_key: 7 });
        await assert.rejects(client.upsert(KEYED, { wait: true, points: points(100, 'c') }),
            (e) => e.status === 400 && /Shard key not specified/.test(JSON.stringify(e.data ?? e.message)));
        assert.equal((await client.count(KEYED, { exact: true, shard_key: 7 })).count, 50);
        assert.equal((await client.count(KEYED, { exact: true })).count, 100);
        const hits = await client.search(KEYED, { vector: [1, 1, 0, 1], limit: 3, shard_key: 'default' });
        assert.equal(hits.length, 3);
        for (const h of hits) assert.equal(h.shard_key, 'default');
        assert.equal(await client.deleteShardKey(KEYED, { shard_key: 7 }), true);
        assert.equal((await client.count(KEYED, { exact: true })).count, 50);
    });

    test('replicate_points moves a tenant to a key of its own', async () => {
        const tenant = { target: 'tenant', fallback: 'default' };
        const points = Array.from({ length: 40 }, (_, i) => ({
            id: 1000 + i, vector: [1, 0, i % 5, 1], payload: { group: 'tenant' },
        }));
        await client.upsert(KEYED, { wait: true, points, shard_key: tenant });
        assert.equal(await client.createShardKey(KEYED, { shard_key: 'tenant', initial_state: 'Partial' }), true);
        assert.equal(await client.updateCollectionCluster(KEYED, {
            replicate_points: {
                from_shard_key: 'default', to_shard_key: 'tenant',
                filter: { must: [{ key: 'group', match: { value: 'tenant' } }] },
            },
        }), true);
        await until('the tenant key is Active', async () => {
            const info = await client.collectionClusterInfo(KEYED);
            const shards = [...info.local_shards, ...info.remote_shards].filter((s) => s.shard_key === 'tenant');
            return info.shard_transfers.length === 0 && shards.length > 0
                && shards.every((s) => s.state === 'Active');
        });
        assert.equal((await client.count(KEYED, { exact: true, shard_key: 'tenant' })).count, 40);
        assert.equal((await client.count(KEYED, { exact: true, shard_key: tenant })).count, 40);
    });
});
