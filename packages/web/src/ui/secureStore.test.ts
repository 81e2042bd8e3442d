import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { deleteSecure, getSecure, listSecure, purgeSecureStore, putSecure, SECURE_STORE_DB_NAME } from './secureStore';
import { onSignOut, runSignOutCleanups } from './signOutCleanup';

/** Everything the database holds, store by store, as IndexedDB returns it (what a dump of the profile would show). */
async function rawContents(): Promise<Record<string, unknown[]>> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(SECURE_STORE_DB_NAME);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('open failed'));
  });
  const out: Record<string, unknown[]> = {};
  for (const name of Array.from(db.objectStoreNames)) {
    out[name] = await new Promise<unknown[]>((resolve, reject) => {
      const request = db.transaction(name).objectStore(name).getAll();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('read failed'));
    });
  }
  db.close();
  return out;
}

const SECRET = 'Mme Morel chute souvent la nuit';

afterEach(async () => {
  await purgeSecureStore();
});

describe('secure store (offline drafts, SEC-DP-04)', () => {
  it('gives back what was stored, and stores only a non-extractable key and ciphertext', async () => {
    await putSecure('draft', 'a', { text: SECRET, n: 1 });
    await expect(getSecure('draft', 'a')).resolves.toEqual({ text: SECRET, n: 1 });

    const raw = await rawContents();
    const [key] = raw.keys as CryptoKey[];
    expect(key).toBeInstanceOf(CryptoKey);
    expect(key!.extractable).toBe(false);
    expect(key!.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 });
    const [record] = raw.records as { iv: unknown; data: unknown }[];
    expect(record!.iv).toBeInstanceOf(ArrayBuffer);
    expect(record!.data).toBeInstanceOf(ArrayBuffer);
    const bytes = new TextDecoder().decode(record!.data as ArrayBuffer);
    expect(bytes).not.toContain('Morel');
    await expect(crypto.subtle.exportKey('raw', key!)).rejects.toThrow();
  });

  it('uses a fresh IV for each write', async () => {
    await putSecure('draft', 'a', { text: SECRET });
    const first = (await rawContents()).records as { iv: ArrayBuffer }[];
    await putSecure('draft', 'a', { text: SECRET });
    const second = (await rawContents()).records as { iv: ArrayBuffer }[];
    expect(new Uint8Array(second[0]!.iv)).not.toEqual(new Uint8Array(first[0]!.iv));
  });

  it('lists a namespace only, and replaces a value written twice', async () => {
    await putSecure('draft', 'a', 1);
    await putSecure('draft', 'a', 2);
    await putSecure('draft', 'b', 3);
    await putSecure('other', 'a', 4);
    const drafts = await listSecure<number>('draft');
    expect(drafts.sort((x, y) => x.id.localeCompare(y.id))).toEqual([
      { id: 'a', value: 2 },
      { id: 'b', value: 3 },
    ]);
  });

  it('refuses a ciphertext moved to another record (the record key is authenticated)', async () => {
    await putSecure('draft', 'a', { text: SECRET });
    await putSecure('draft', 'b', { text: 'autre' });
    const db = await new Promise<IDBDatabase>((resolve) => {
      const request = indexedDB.open(SECURE_STORE_DB_NAME);
      request.onsuccess = () => resolve(request.result);
    });
    await new Promise<void>((resolve) => {
      const tx = db.transaction('records', 'readwrite');
      const store = tx.objectStore('records');
      const read = store.get('draft:a');
      read.onsuccess = () => store.put(read.result, 'draft:b');
      tx.oncomplete = () => resolve();
    });
    db.close();
    const drafts = await listSecure<{ text: string }>('draft');
    expect(drafts).toEqual([{ id: 'a', value: { text: SECRET } }]);
  });

  it('deletes the key with the last record', async () => {
    await putSecure('draft', 'a', 1);
    await putSecure('draft', 'b', 2);
    await deleteSecure('draft', 'a');
    expect((await rawContents()).keys).toHaveLength(1);
    await deleteSecure('draft', 'b');
    const raw = await rawContents();
    expect(raw.keys).toEqual([]);
    expect(raw.records).toEqual([]);
  });

  it('forgets everything at sign-out, key included, and runs the registered cleanups', async () => {
    await putSecure('draft', 'a', { text: SECRET });
    let ran = false;
    const unregister = onSignOut(() => {
      ran = true;
    });
    await runSignOutCleanups();
    unregister();
    expect(ran).toBe(true);
    const databases = await indexedDB.databases();
    expect(databases.map((d) => d.name)).not.toContain(SECURE_STORE_DB_NAME);
    await expect(listSecure('draft')).resolves.toEqual([]);
  });

  it('drops a record whose key was lost instead of failing', async () => {
    await putSecure('draft', 'a', 1);
    const db = await new Promise<IDBDatabase>((resolve) => {
      const request = indexedDB.open(SECURE_STORE_DB_NAME);
      request.onsuccess = () => resolve(request.result);
    });
    await new Promise<void>((resolve) => {
      const tx = db.transaction('keys', 'readwrite');
      tx.objectStore('keys').clear();
      tx.oncomplete = () => resolve();
    });
    db.close();
    await expect(listSecure('draft')).resolves.toEqual([]);
    expect((await rawContents()).records).toEqual([]);
  });
});
