// Drives Qdrant's official JS REST client (@qdrant/js-client-rest) against a node with API keys, scoped tokens and
// HTTPS (issue 20): the client's apiKey option, a read-only key, a token for one collection, no key at all.
// Run: ATOLL_URL=https://127.0.0.1:6333 NODE_EXTRA_CA_CERTS=ca.pem ATOLL_API_KEY=... ATOLL_READ_ONLY_KEY=...
//      ATOLL_TOKEN=<rw token for ATOLL_TOKEN_COLLECTION> node --test qdrant-client-auth.test.mjs
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { QdrantClient } from '@qdrant/js-client-rest';

const env = (name) => {
    const v = process.env[name];
    if (!v) {
        throw new Error(`set ${name}`);
    }
    return v;
};
const url = env('ATOLL_URL');
const NAME = env('ATOLL_TOKEN_COLLECTION');
const client = (apiKey) => new QdrantClient({ url, apiKey, timeout: 60_000, checkCompatibility: false });
const admin = client(env('ATOLL_API_KEY'));
const readOnly = client(env('ATOLL_READ_ONLY_KEY'));
const scoped = client(env('ATOLL_TOKEN'));
const anonymous = new QdrantClient({ url, timeout: 60_000, checkCompatibility: false });

async function rejects(promise, status, text) {
    await assert.rejects(promise, (e) => {
        assert.equal(e.status, status, `status of ${e.message}`);
        assert.ok(JSON.stringify(e.data ?? e.message).includes(text), `${JSON.stringify(e.data)} says ${text}`);
        return true;
    });
}

describe('keys, tokens and HTTPS through the official client', () => {
    after(async () => {
        await admin.deleteCollection(NAME);
        await admin.deleteCollection(`${NAME}_other`);
    });

    test('the full key creates, writes, searches and drops over HTTPS', async () => {
        assert.ok(url.startsWith('https://'));
        await admin.createCollection(NAME, { vectors: { size: 2, distance: 'Dot' } });
        await admin.createCollection(`${NAME}_other`, { vectors: { size: 2, distance: 'Dot' } });
        await admin.upsert(NAME, { wait: true, points: [{ id: 1, vector: [1, 0], payload: { k: 'v' } }] });
        const hits = await admin.search(NAME, { vector: [1, 0], limit: 1, with_payload: true });
        assert.equal(hits[0].id, 1);
        assert.deepEqual(hits[0].payload, { k: 'v' });
    });

    test('the read-only key reads and is refused writes with 403', async () => {
        assert.equal((await readOnly.getCollection(NAME)).points_count, 1);
        await rejects(readOnly.upsert(NAME, { wait: true, points: [{ id: 2, vector: [0, 1] }] }), 403,
            'Global manage access is required');
        await rejects(readOnly.deleteCollection(NAME), 403, 'Global manage access is required');
    });

    test('a token for one collection sees and writes only that collection', async () => {
        const { collections } = await scoped.getCollections();
        assert.deepEqual(collections.map((c) => c.name), [NAME]);
        await scoped.upsert(NAME, { wait: true, points: [{ id: 3, vector: [0, 1] }] });
        assert.equal((await scoped.count(NAME, { exact: true })).count, 2);
        await rejects(scoped.count(`${NAME}_other`, { exact: true }), 403, `Access to collection ${NAME}_other is required`);
        await rejects(scoped.createCollection(`${NAME}_new`, { vectors: { size: 2, distance: 'Dot' } }), 403,
            'Global access is required');
    });

    test('no key and a wrong key get 401', async () => {
        await rejects(anonymous.getCollections(), 401, 'Must provide an API key or an Authorization bearer token');
        await rejects(client('wrong-key').getCollections(), 401, 'Invalid API key or JWT');
    });
});
