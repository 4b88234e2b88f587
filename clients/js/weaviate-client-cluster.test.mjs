// Drives Weaviate's official JS client (weaviate-client, TypeScript v3) against a node of a three-node Atoll
// cluster: connecting (GET /v1/meta and the gRPC health check), client.cluster.nodes, queryShardingState, and the
// replica movement of client.cluster.replicate / replications.* (get, query, cancel, delete, deleteAll), checking
// what each operation goes through and where the replicas end up.
//
// The cluster and a collection with at least one shard that some node lacks (e.g. shard_number 2,
// replication_factor 2 on three nodes, created through Qdrant's REST API) must exist beforehand:
//   ATOLL_URLS=http://127.0.0.1:6333,http://127.0.0.1:6343,http://127.0.0.1:6353  (every node's REST URL; the
//              client connects to the first)
//   ATOLL_GRPC_PORT=6334          the first node's gRPC port
//   ATOLL_NODES=<name>,<name>,... every node's name (by default its peer id in decimal)
//   ATOLL_COLLECTION=Articles     the collection
//   ATOLL_POINTS=1000             how many points it holds
// Run: node --test weaviate-client-cluster.test.mjs
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import weaviate from 'weaviate-client';

function env(name) {
    const v = process.env[name];
    if (!v) {
        throw new Error(`set ${name}; see the head of weaviate-client-cluster.test.mjs`);
    }
    return v;
}

const URLS = env('ATOLL_URLS').split(',');
const GRPC_PORT = Number(env('ATOLL_GRPC_PORT'));
const NODES = env('ATOLL_NODES').split(',').sort();
const COLLECTION = env('ATOLL_COLLECTION');
const POINTS = Number(env('ATOLL_POINTS'));
// Slow enough that a copy is still hydrating when it is cancelled, fast enough to finish within the test.
const SLOW_BYTES_PER_SEC = 20_000;
const TIMEOUT_MS = 60_000;

let client;

async function until(what, condition, ms = TIMEOUT_MS) {
    const deadline = Date.now() + ms;
    let last;
    while (Date.now() < deadline) {
        last = await condition();
        if (last) return last;
        await new Promise((r) => setTimeout(r, 100));
    }
    assert.fail(`timed out after ${ms} ms waiting until ${what}`);
}

/** The client's error for an HTTP status it does not expect; the class is not exported, so it is named. */
function unexpectedStatus(code) {
    return (e) => {
        assert.equal(e.name, 'WeaviateUnexpectedStatusCodeError', `${e.name}: ${e.message}`);
        assert.equal(e.code, code, e.message);
        return true;
    };
}

/** Atoll's own endpoint, on every node: PUT /cluster/transfer_rate_limit (0: unlimited). */
async function setTransferRate(bytesPerSec) {
    for (const url of URLS) {
        const r = await fetch(`${url}/cluster/transfer_rate_limit`, {
            method: 'PUT', headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ bytes_per_sec: bytesPerSec }),
        });
        assert.equal(r.status, 200, `PUT ${url}/cluster/transfer_rate_limit: ${await r.text()}`);
    }
}

/** shard name -> sorted names of the nodes holding it, from queryShardingState. */
async function placement() {
    const state = await client.cluster.queryShardingState(COLLECTION);
    assert.equal(state.collection, COLLECTION);
    return new Map(state.shards.map((s) => [s.shard, [...s.replicas].sort()]));
}

/** A shard that some node lacks, with a node holding it and one that does not. */
async function shardWithRoom() {
    for (const [shard, replicas] of await placement()) {
        const target = NODES.find((n) => !replicas.includes(n));
        if (target) return { shard, source: replicas[0], target, replicas };
    }
    assert.fail(`every node holds every shard of ${COLLECTION}: ${JSON.stringify([...(await placement())])}`);
}

/** Polls the operation (with its history) until it is over; fails if it ends otherwise than `state`. */
async function awaitState(id, state) {
    const op = await until(`operation ${id} is over`, async () => {
        const o = await client.cluster.replications.get(id, { includeHistory: true });
        return ['READY', 'CANCELLED'].includes(o.status.state) ? o : null;
    });
    assert.equal(op.status.state, state, JSON.stringify(op));
    // Errors a stage met and got over (a transfer retried, say) are allowed, and shown.
    for (const s of [...op.statusHistory, op.status]) {
        for (const e of s.errors ?? []) console.log(`# ${op.type} ${id} met in ${s.state}: ${e.message}`);
    }
    return op;
}

/** Checks an operation's fields, and that its history is exactly `states` in order (unless null) and in time order. */
function assertOperation(op, expected, states) {
    for (const [k, v] of Object.entries(expected)) assert.equal(op[k], v, `${k} of ${JSON.stringify(op)}`);
    for (const k of ['uncancelable', 'scheduledForCancel', 'scheduledForDelete']) {
        assert.equal(typeof op[k], 'boolean', `${k} of ${JSON.stringify(op)}`);
    }
    assert.equal(typeof op.whenStartedUnixMs, 'number');
    assert.ok(Array.isArray(op.statusHistory), JSON.stringify(op));
    if (states) assert.deepEqual(op.statusHistory.map((s) => s.state), states, JSON.stringify(op.statusHistory));
    const all = [...op.statusHistory, op.status];
    for (let i = 0; i < all.length; i++) {
        assert.ok(Array.isArray(all[i].errors), JSON.stringify(all[i]));
        assert.equal(typeof all[i].whenStartedUnixMs, 'number', JSON.stringify(all[i]));
        if (i > 0) assert.ok(all[i].whenStartedUnixMs >= all[i - 1].whenStartedUnixMs, JSON.stringify(all));
    }
    assert.equal(op.statusHistory[0].whenStartedUnixMs, op.whenStartedUnixMs);
}

/** shard -> objects per node holding it, from the verbose nodes output for the collection. */
async function objectCounts() {
    const nodes = await client.cluster.nodes({ collection: COLLECTION, output: 'verbose' });
    const out = new Map();
    for (const n of nodes) {
        for (const s of n.shards) {
            if (!out.has(s.name)) out.set(s.name, new Map());
            out.get(s.name).set(n.name, s.objectCount);
        }
    }
    return out;
}

describe('weaviate-client against a three-node Atoll cluster', () => {
    const done = {};

    before(async () => {
        const url = new URL(URLS[0]);
        // Defaults otherwise, so that the client's start-up checks (meta, gRPC health) run.
        client = await weaviate.connectToCustom({
            httpHost: url.hostname, httpPort: Number(url.port), grpcHost: url.hostname, grpcPort: GRPC_PORT,
        });
    });

    after(async () => {
        await setTransferRate(0);
        await client?.close();
    });

    test('connects: the meta a client of v1.27+ accepts, live and ready', async () => {
        const meta = await client.getMeta();
        assert.match(meta.version, /^\d+\.\d+\.\d+$/);
        const [major, minor] = meta.version.split('.').map(Number);
        assert.ok(major > 1 || minor >= 27, meta.version);
        assert.equal(await client.isLive(), true);
        assert.equal(await client.isReady(), true);
    });

    test('nodes(): every node by name, HEALTHY, minimal without stats or shards', async () => {
        const nodes = await client.cluster.nodes();
        assert.deepEqual(nodes.map((n) => n.name), NODES);
        for (const n of nodes) {
            assert.equal(n.status, 'HEALTHY', JSON.stringify(n));
            assert.equal(typeof n.version, 'string');
            assert.equal(n.stats, undefined);
            assert.equal(n.shards, null);
            assert.ok(n.batchStats.queueLength >= 0, JSON.stringify(n));
        }
    });

    test('nodes({collection, output: verbose}): the shards each node holds and their objects', async () => {
        const nodes = await client.cluster.nodes({ collection: COLLECTION, output: 'verbose' });
        assert.deepEqual(nodes.map((n) => n.name), NODES);
        const where = await placement();
        for (const n of nodes) {
            assert.equal(n.status, 'HEALTHY');
            assert.ok(Array.isArray(n.shards), JSON.stringify(n));
            const held = [...where].filter(([, replicas]) => replicas.includes(n.name)).map(([s]) => s).sort();
            assert.deepEqual(n.shards.map((s) => s.name).sort(), held, `shards of node ${n.name}`);
            for (const s of n.shards) assert.equal(s.class, COLLECTION);
            assert.equal(n.stats.shardCount, n.shards.length);
            assert.equal(n.stats.objectCount, n.shards.reduce((a, s) => a + s.objectCount, 0));
        }
        let total = 0;
        for (const [shard, counts] of await objectCounts()) {
            const distinct = new Set(counts.values());
            assert.equal(distinct.size, 1, `replicas of shard ${shard} disagree: ${JSON.stringify([...counts])}`);
            total += [...distinct][0];
        }
        assert.equal(total, POINTS);
    });

    test('queryShardingState(collection, {shard}): the nodes holding one shard; unknown ones are a 404', async () => {
        const all = await placement();
        assert.ok(all.size >= 1);
        for (const [shard, replicas] of all) {
            const one = await client.cluster.queryShardingState(COLLECTION, { shard });
            assert.equal(one.collection, COLLECTION);
            assert.deepEqual(one.shards.map((s) => s.shard), [shard]);
            assert.deepEqual([...one.shards[0].replicas].sort(), replicas);
            assert.ok(replicas.every((n) => NODES.includes(n)), `${replicas} are not all among ${NODES}`);
        }
        await assert.rejects(client.cluster.queryShardingState(COLLECTION, { shard: '9999' }), unexpectedStatus(404));
        await assert.rejects(client.cluster.queryShardingState('NoSuchCollection'), unexpectedStatus(404));
    });

    test('replicate COPY goes REGISTERED, HYDRATING, FINALIZING to READY and adds a replica', async () => {
        const { shard, source, target, replicas } = await shardWithRoom();
        const id = await client.cluster.replicate({
            collection: COLLECTION, shard, sourceNode: source, targetNode: target, replicationType: 'COPY',
        });
        assert.match(id, /^[0-9a-f-]{36}$/);
        const op = await awaitState(id, 'READY');
        assertOperation(op, { id, collection: COLLECTION, shard, sourceNode: source, targetNode: target, type: 'COPY' },
            ['REGISTERED', 'HYDRATING', 'FINALIZING']);
        const plain = await client.cluster.replications.get(id);
        assert.equal(plain.statusHistory, null);
        assert.equal(plain.status.state, 'READY');
        assert.deepEqual((await placement()).get(shard), [...replicas, target].sort());
        const counts = (await objectCounts()).get(shard);
        assert.equal(counts.get(target), counts.get(source), JSON.stringify([...counts]));
        done.copy = { id, shard, target };
    });

    test('replicate MOVE goes through DEHYDRATING to READY, and the sharding state shows the move', async () => {
        const { shard, source, target, replicas } = await shardWithRoom();
        const id = await client.cluster.replicate({
            collection: COLLECTION, shard, sourceNode: source, targetNode: target, replicationType: 'MOVE',
        });
        const op = await awaitState(id, 'READY');
        assertOperation(op, { id, collection: COLLECTION, shard, sourceNode: source, targetNode: target, type: 'MOVE' },
            ['REGISTERED', 'HYDRATING', 'FINALIZING', 'DEHYDRATING']);
        const moved = [...replicas.filter((n) => n !== source), target].sort();
        assert.deepEqual((await client.cluster.queryShardingState(COLLECTION, { shard })).shards[0].replicas.sort(),
            moved);
        const counts = (await objectCounts()).get(shard);
        assert.deepEqual([...counts.keys()].sort(), moved, 'nodes reporting the shard in nodes(verbose)');
        assert.equal(new Set(counts.values()).size, 1, JSON.stringify([...counts]));
        done.move = { id, shard, source, target };
    });

    test('replications.query: all, by collection, by collection and shard, by target node', async () => {
        assert.ok(done.copy && done.move, 'needs the COPY and the MOVE above');
        const ids = (ops) => ops.map((o) => o.id).sort();
        const all = await client.cluster.replications.query();
        assert.deepEqual(ids(all), [done.copy.id, done.move.id].sort());
        for (const o of all) assert.equal(o.statusHistory, null, JSON.stringify(o));
        const byCollection = await client.cluster.replications.query({ collection: COLLECTION, includeHistory: true });
        assert.deepEqual(ids(byCollection), [done.copy.id, done.move.id].sort());
        for (const o of byCollection) assert.ok(Array.isArray(o.statusHistory), JSON.stringify(o));
        assert.deepEqual(ids(await client.cluster.replications.query({ collection: COLLECTION, shard: done.move.shard })),
            done.copy.shard === done.move.shard ? [done.copy.id, done.move.id].sort() : [done.move.id]);
        assert.deepEqual(ids(await client.cluster.replications.query({ targetNode: done.move.target })),
            done.copy.target === done.move.target ? [done.copy.id, done.move.id].sort() : [done.move.id]);
        assert.deepEqual(await client.cluster.replications.query({ collection: 'NoSuchCollection' }), []);
        await assert.rejects(client.cluster.replications.query({ shard: done.move.shard }), unexpectedStatus(400));
    });

    test('cancel of a READY operation is refused with a 409', async () => {
        await assert.rejects(client.cluster.replications.cancel(done.copy.id), unexpectedStatus(409));
        assert.equal((await client.cluster.replications.get(done.copy.id)).status.state, 'READY');
    });

    test('cancel of a running COPY ends it CANCELLED and adds no replica', async () => {
        await setTransferRate(SLOW_BYTES_PER_SEC);
        try {
            const { shard, source, target, replicas } = await shardWithRoom();
            const id = await client.cluster.replicate({
                collection: COLLECTION, shard, sourceNode: source, targetNode: target, replicationType: 'COPY',
            });
            const running = await until('the copy is hydrating', async () => {
                const o = await client.cluster.replications.get(id);
                assert.notEqual(o.status.state, 'READY', 'the slowed copy finished before it could be cancelled');
                return o.status.state === 'HYDRATING' ? o : null;
            });
            assert.equal(running.uncancelable, false);
            await client.cluster.replications.cancel(id);
            const op = await awaitState(id, 'CANCELLED');
            assertOperation(op, { id, collection: COLLECTION, shard, sourceNode: source, targetNode: target, type: 'COPY' },
                null);
            const states = op.statusHistory.map((s) => s.state);
            assert.deepEqual(states.slice(0, 2), ['REGISTERED', 'HYDRATING'], JSON.stringify(states));
            assert.ok(!states.includes('READY') && !states.includes('DEHYDRATING'), JSON.stringify(states));
            assert.deepEqual((await placement()).get(shard), replicas);
            done.cancelled = { id, shard };
        } finally {
            await setTransferRate(0);
        }
    });

    test('replications.delete removes one operation; an unknown id is no error', async () => {
        assert.ok(done.cancelled, 'needs the cancelled COPY above');
        await client.cluster.replications.delete(done.cancelled.id);
        await until('the operation is gone', async () =>
            !(await client.cluster.replications.query()).some((o) => o.id === done.cancelled.id));
        await assert.rejects(client.cluster.replications.get(done.cancelled.id), unexpectedStatus(404));
        await client.cluster.replications.delete('00000000-0000-4000-8000-000000000000');
        assert.deepEqual((await client.cluster.replications.query()).map((o) => o.id).sort(),
            [done.copy.id, done.move.id].sort());
    });

    test('replications.deleteAll removes every finished operation; the replicas stay', async () => {
        const before = await placement();
        await client.cluster.replications.deleteAll();
        await until('no operation is listed', async () => (await client.cluster.replications.query()).length === 0);
        await assert.rejects(client.cluster.replications.get(done.move.id), unexpectedStatus(404));
        assert.deepEqual(await placement(), before);
    });
});
