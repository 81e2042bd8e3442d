import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, client, cookieFrom, createOrg, login, startTestApp, totp, type TestApp, type TestOrg } from '../../../test/harness.ts';
import { loadCommonPasswords } from '../../server.ts';

let t: TestApp;
let org: TestOrg;
let sql: pg.Client;

beforeAll(async () => {
  t = await startTestApp();
  org = await createOrg(t, { roles: ['admin', 'coordinator', 'dpo', 'social_worker', 'care_staff'] });
  sql = new pg.Client({ connectionString: t.adminUrl });
  await sql.connect();
});
afterAll(async () => {
  await sql?.end();
  await t?.close();
});

const loginReq = (email: string, password: string, ip = '10.1.0.1') =>
  client(t.app).req('POST', '/api/v1/auth/login', { body: { email, password }, ip });

describe('login (SEC-AUTHN-09, SEC-SESS-01, SEC-SESS-07)', () => {
  it('signs in with the right password and sets an httpOnly, SameSite session cookie', async () => {
    const res = await loginReq(org.users.coordinator!.email, PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'authenticated' });
    const c = res.cookies.find((x) => x.name === 'maillon_session')!;
    expect(c.httpOnly).toBe(true);
    expect(c.sameSite).toBe('Lax');
    expect(c.path).toBe('/');
    expect(c.value.length).toBeGreaterThanOrEqual(43);
    const stored = await sql.query('select token_hash from session where token_hash = encode(sha256($1::bytea), $2)', [c.value, 'hex']);
    expect(stored.rowCount).toBe(1);
    const plain = await sql.query('select 1 from session where token_hash = $1', [c.value]);
    expect(plain.rowCount).toBe(0);
  });

  it('gives the same answer for a wrong password, an unknown e-mail and a deactivated account', async () => {
    const wrong = await loginReq(org.users.coordinator!.email, 'not the right password', '10.1.0.2');
    const unknown = await loginReq('nobody@nowhere.fr', 'not the right password', '10.1.0.3');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const strip = (b: string) => ({ ...(JSON.parse(b) as object), correlationId: 'x' });
    expect(strip(wrong.body)).toEqual(strip(unknown.body));
  });

  it('audits successful and failed logins without the password', async () => {
    await loginReq(org.users.dpo!.email, 'wrong-password-canary-77', '10.1.0.4');
    const r = await sql.query(`select outcome, details::text from audit_event where action = 'auth.login' order by id desc limit 5`);
    expect(r.rows.some((x: { outcome: string }) => x.outcome === 'failure')).toBe(true);
    const all = await sql.query(`select string_agg(details::text, ' ') as t from audit_event`);
    expect(String(all.rows[0].t)).not.toContain('canary');
  });

  it('throttles an account after repeated failures with 429 and Retry-After, even for the right password, then lets it in', async () => {
    const email = org.users.social_worker!.email;
    for (let i = 0; i < 6; i++) await loginReq(email, `wrong-${i}-password`, `10.2.0.${i}`);
    const locked = await loginReq(email, PASSWORD, '10.2.1.1');
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // The lock is temporary (SEC-AUTHN-04): once it has passed, the right password works.
    await sql.query(`update auth_throttle set locked_until = now() - interval '1 second' where key like 'acct:%'`);
    expect((await loginReq(email, PASSWORD, '10.2.1.2')).statusCode).toBe(200);
  });

  it('throttles an IP that tries many accounts', async () => {
    for (let i = 0; i < 51; i++) await loginReq(`spray${i}@example.fr`, 'a-wrong-password', '10.3.0.1');
    const res = await loginReq(org.users.care_staff!.email, PASSWORD, '10.3.0.1');
    expect(res.statusCode).toBe(429);
    expect((await loginReq(org.users.care_staff!.email, PASSWORD, '10.3.0.2')).statusCode).toBe(200);
  });
});

describe('sessions (SEC-SESS-02..05)', () => {
  it('gives a new token at login and kills the one the browser had (no fixation)', async () => {
    const c = await login(t.app, org.users.coordinator!.email);
    const before = c.cookie;
    const res = await c.req('POST', '/api/v1/auth/login', { body: { email: org.users.coordinator!.email, password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    expect(c.cookie).not.toBe(before);
    const old = await client(t.app, before).req('GET', '/api/v1/me');
    expect(old.statusCode).toBe(401);
  });

  it('ends the session on logout, clears the cookie and the browser storage', async () => {
    const c = await login(t.app, org.users.coordinator!.email);
    const cookie = c.cookie;
    const res = await c.req('POST', '/api/v1/auth/logout');
    expect(res.statusCode).toBe(200);
    expect(res.headers['clear-site-data']).toContain('storage');
    expect((await client(t.app, cookie).req('GET', '/api/v1/me')).statusCode).toBe(401);
  });

  it('expires a session idle for more than 30 minutes', async () => {
    const c = await login(t.app, org.users.coordinator!.email);
    await sql.query(`update session set last_seen_at = now() - interval '31 minutes' where revoked_at is null and user_id = $1`, [
      org.users.coordinator!.id,
    ]);
    const res = await c.req('GET', '/api/v1/me');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'session_expired' });
  });

  it('expires a session past its absolute lifetime even when active', async () => {
    const c = await login(t.app, org.users.coordinator!.email);
    await sql.query(`update session set expires_at = now() - interval '1 second' where revoked_at is null and user_id = $1`, [
      org.users.coordinator!.id,
    ]);
    expect((await c.req('GET', '/api/v1/me')).statusCode).toBe(401);
  });

  it('lets a user list their sessions and end one of them', async () => {
    const a = await login(t.app, org.users.dpo!.email);
    const b = await login(t.app, org.users.dpo!.email);
    const list = (await a.req('GET', '/api/v1/me/sessions')).json() as { items: { id: string; current: boolean }[] };
    expect(list.items.length).toBeGreaterThanOrEqual(2);
    const token = b.cookie.split('=')[1]!;
    const bId = (await sql.query("select id from session where token_hash = encode(sha256($1::bytea), 'hex')", [token])).rows[0]
      .id as string;
    expect(list.items.find((s) => s.id === bId)).toMatchObject({ current: false });
    expect((await a.req('DELETE', `/api/v1/me/sessions/${bId}`)).statusCode).toBe(200);
    const stillA = await a.req('GET', '/api/v1/me');
    expect(stillA.statusCode).toBe(200);
    const bRes = await b.req('GET', '/api/v1/me');
    expect(bRes.statusCode).toBe(401);
    expect(bRes.json()).toMatchObject({ code: 'unauthenticated' });
  });

  it('returns who I am, my organisation and my abilities', async () => {
    const c = await login(t.app, org.users.coordinator!.email);
    const me = (await c.req('GET', '/api/v1/me')).json() as {
      user: { email: string };
      organisation: { id: string };
      permissions: string[];
      abilities: { action: string; subject: string }[];
    };
    expect(me.user.email).toBe(org.users.coordinator!.email);
    expect(me.organisation.id).toBe(org.id);
    expect(me.permissions).toContain('person.create');
    expect(me.permissions).not.toContain('user.invite');
    expect(me.abilities).toContainEqual({ action: 'create', subject: 'person' });
  });
});

describe('password policy (SEC-AUTHN-01..03)', () => {
  const change = async (newPassword: string) => {
    const c = await login(t.app, org.users.care_staff!.email, PASSWORD, '10.9.0.1');
    return c.req('POST', '/api/v1/me/password', { body: { currentPassword: PASSWORD, newPassword } });
  };

  it('refuses fewer than 12 characters', async () => {
    const res = await change('short-pass1');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ errors: [{ path: 'body.newPassword', code: 'password_too_short' }] });
  });

  it('refuses a common password from the shipped list of at least 10 000', async () => {
    const common = loadCommonPasswords();
    expect(common.size).toBeGreaterThanOrEqual(10_000);
    const long = [...common].find((p) => p.length >= 12)!;
    const res = await change(long);
    expect(res.json()).toMatchObject({ errors: [{ code: 'password_common' }] });
  });

  it("refuses a password containing the e-mail or the organisation's name", async () => {
    const withEmail = await change(`${org.users.care_staff!.email}-x`);
    expect(JSON.stringify(withEmail.json())).toContain('password_contains_email');
    const withOrg = await change(`${org.name} forever and ever`);
    expect(JSON.stringify(withOrg.json())).toContain('password_contains_name');
  });

  it('accepts a 128-character passphrase with spaces and accents, exactly as typed', async () => {
    const phrase = 'Le chêne de la place aux Herbes a 300 ans, ' + 'é'.repeat(85);
    expect([...phrase].length).toBe(128);
    const res = await change(phrase);
    expect(res.statusCode).toBe(200);
    expect((await loginReq(org.users.care_staff!.email, phrase, '10.9.0.2')).statusCode).toBe(200);
    expect((await loginReq(org.users.care_staff!.email, phrase.trim() + ' ', '10.9.0.3')).statusCode).toBe(401);
    // put it back for the other tests
    const c = await login(t.app, org.users.care_staff!.email, phrase, '10.9.0.4');
    await c.req('POST', '/api/v1/me/password', { body: { currentPassword: phrase, newPassword: PASSWORD } });
  });

  it('needs the current password to change it, and ends the other sessions', async () => {
    const other = await login(t.app, org.users.care_staff!.email, PASSWORD, '10.9.0.5');
    const c = await login(t.app, org.users.care_staff!.email, PASSWORD, '10.9.0.6');
    const wrong = await c.req('POST', '/api/v1/me/password', {
      body: { currentPassword: 'not-the-current-one', newPassword: 'Une autre phrase bien longue' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ errors: [{ path: 'body.currentPassword' }] });
    const ok = await c.req('POST', '/api/v1/me/password', {
      body: { currentPassword: PASSWORD, newPassword: 'Une autre phrase bien longue' },
    });
    expect(ok.statusCode).toBe(200);
    expect((await other.req('GET', '/api/v1/me')).statusCode).toBe(401);
    expect((await c.req('GET', '/api/v1/me')).statusCode).toBe(200);
    await c.req('POST', '/api/v1/me/password', { body: { currentPassword: 'Une autre phrase bien longue', newPassword: PASSWORD } });
  });
});

describe('one throttle for every password or code checked for a signed-in user (SEC-AUTHN-04)', () => {
  const strip = (b: string) => ({ ...(JSON.parse(b) as object), correlationId: 'x' });
  const expectLocked = (res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }) => {
    expect(res.statusCode).toBe(429);
    expect(res.json()).toMatchObject({ code: 'rate_limited' });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  };

  it('answers 400 to the first 6 wrong current passwords, then 429 with Retry-After, even to the right one', async () => {
    const o = await createOrg(t, { roles: ['coordinator'] });
    const c = await login(t.app, o.users.coordinator!.email, PASSWORD, '10.11.0.1');
    const answers = [];
    for (let i = 0; i < 15; i++) {
      answers.push(
        await c.req('POST', '/api/v1/me/password', {
          body: { currentPassword: `wrong-${i}-password`, newPassword: 'Une autre phrase bien longue' },
        }),
      );
    }
    expect(answers.map((r) => r.statusCode)).toEqual([...Array<number>(6).fill(400), ...Array<number>(9).fill(429)]);
    expect(answers[0]!.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: 'body.currentPassword', code: 'wrong_password' }],
    });
    for (const r of answers.slice(6)) expectLocked(r);
    expectLocked(
      await c.req('POST', '/api/v1/me/password', { body: { currentPassword: PASSWORD, newPassword: 'Une autre phrase bien longue' } }),
    );
    expect((await loginReq(o.users.coordinator!.email, 'Une autre phrase bien longue', '10.11.0.2')).statusCode).toBe(401);
  });

  it('answers the same to a wrong password and to a right password with a wrong code at MFA enrolment, then locks', async () => {
    const o = await createOrg(t, { roles: ['coordinator'] });
    const c = await login(t.app, o.users.coordinator!.email, PASSWORD, '10.11.1.1');
    const { secret } = (await c.req('POST', '/api/v1/me/mfa/setup')).json() as { secret: string };
    const wrongPassword = await c.req('POST', '/api/v1/me/mfa/enable', { body: { code: totp(secret), password: 'not-my-password' } });
    const wrongCode = await c.req('POST', '/api/v1/me/mfa/enable', { body: { code: '000000', password: PASSWORD } });
    expect(wrongPassword.statusCode).toBe(400);
    expect(wrongPassword.json()).toMatchObject({
      code: 'validation_failed',
      errors: [
        { path: 'body.password', code: 'wrong_password' },
        { path: 'body.code', code: 'invalid_code' },
      ],
    });
    expect(strip(wrongCode.body)).toEqual(strip(wrongPassword.body));
    const answers = [wrongPassword, wrongCode];
    for (let i = 2; i < 15; i++) {
      answers.push(await c.req('POST', '/api/v1/me/mfa/enable', { body: { code: '000000', password: `wrong-${i}-password` } }));
    }
    expect(answers.map((r) => r.statusCode)).toEqual([...Array<number>(6).fill(400), ...Array<number>(9).fill(429)]);
    for (const r of answers.slice(6)) expectLocked(r);
    await sql.query('update app_user set totp_last_step = null where id = $1', [o.users.coordinator!.id]);
    expectLocked(await c.req('POST', '/api/v1/me/mfa/enable', { body: { code: totp(secret), password: PASSWORD } }));
    const me = (await c.req('GET', '/api/v1/me')).json() as { user: { mfaEnabled: boolean } };
    expect(me.user.mfaEnabled).toBe(false);
  });

  it('shares the lock between step-up and password change, both ways', async () => {
    const o = await createOrg(t, { roles: ['coordinator'] });
    const c = await login(t.app, o.users.coordinator!.email, PASSWORD, '10.11.2.1');
    for (let i = 0; i < 6; i++) {
      const r = await c.req('POST', '/api/v1/auth/reauthenticate', { body: { password: `wrong-${i}-password` } });
      expect(r.statusCode).toBe(401);
    }
    expectLocked(await c.req('POST', '/api/v1/auth/reauthenticate', { body: { password: PASSWORD } }));
    expectLocked(
      await c.req('POST', '/api/v1/me/password', { body: { currentPassword: PASSWORD, newPassword: 'Une autre phrase bien longue' } }),
    );
    // the lock passes; now locked through the password change, step-up is refused too
    await sql.query(`delete from auth_throttle where key = $1`, [`user:${o.users.coordinator!.id}`]);
    for (let i = 0; i < 6; i++) {
      const r = await c.req('POST', '/api/v1/me/password', {
        body: { currentPassword: `wrong-${i}-password`, newPassword: 'Une autre phrase bien longue' },
      });
      expect(r.statusCode).toBe(400);
    }
    expectLocked(await c.req('POST', '/api/v1/auth/reauthenticate', { body: { password: PASSWORD } }));
    const failures = await sql.query(`select outcome, count(*)::int as n from audit_event where actor_user_id = $1 group by outcome`, [
      o.users.coordinator!.id,
    ]);
    expect(Object.fromEntries(failures.rows.map((r: { outcome: string; n: number }) => [r.outcome, r.n]))).toMatchObject({
      failure: 12,
      denied: 3,
    });
  });
});

describe('password reset by e-mail (SEC-AUTHN-08)', () => {
  const tokenFrom = (text: string) => /#token=([A-Za-z0-9_-]+)/.exec(text)?.[1];

  it('answers the same for a known and an unknown e-mail and sends a link only to the known one', async () => {
    const before = (await t.flushMail()).length;
    const a = await client(t.app).req('POST', '/api/v1/auth/password-reset/request', {
      body: { email: org.users.dpo!.email },
      ip: '10.4.0.1',
    });
    const b = await client(t.app).req('POST', '/api/v1/auth/password-reset/request', {
      body: { email: 'ghost@nowhere.fr' },
      ip: '10.4.0.2',
    });
    expect(a.statusCode).toBe(202);
    expect(b.statusCode).toBe(202);
    expect(a.body).toBe(b.body);
    const mails = await t.flushMail();
    expect(mails.length - before).toBe(1);
    expect(mails.at(-1)!.to).toBe(org.users.dpo!.email);
  });

  it('resets with the token once; a reused or expired token is refused; all sessions end', async () => {
    const session = await login(t.app, org.users.dpo!.email, PASSWORD, '10.4.1.1');
    await client(t.app).req('POST', '/api/v1/auth/password-reset/request', { body: { email: org.users.dpo!.email }, ip: '10.4.1.2' });
    const token = tokenFrom((await t.flushMail()).at(-1)!.text)!;
    expect(token).toBeTruthy();
    const ok = await client(t.app).req('POST', '/api/v1/auth/password-reset', {
      body: { token, newPassword: 'Nouvelle phrase de passe du DPO' },
    });
    expect(ok.statusCode).toBe(200);
    expect((await session.req('GET', '/api/v1/me')).statusCode).toBe(401);
    const again = await client(t.app).req('POST', '/api/v1/auth/password-reset', {
      body: { token, newPassword: 'Encore une autre phrase' },
    });
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({ errors: [{ code: 'invalid_token' }] });
    // expired
    await client(t.app).req('POST', '/api/v1/auth/password-reset/request', { body: { email: org.users.dpo!.email }, ip: '10.4.1.3' });
    const token2 = tokenFrom((await t.flushMail()).at(-1)!.text)!;
    await sql.query(`update password_reset set expires_at = now() - interval '1 minute' where used_at is null`);
    const expired = await client(t.app).req('POST', '/api/v1/auth/password-reset', {
      body: { token: token2, newPassword: 'Encore une autre phrase' },
    });
    expect(expired.statusCode).toBe(400);
    // restore
    await client(t.app).req('POST', '/api/v1/auth/password-reset/request', { body: { email: org.users.dpo!.email }, ip: '10.4.1.4' });
    const token3 = tokenFrom((await t.flushMail()).at(-1)!.text)!;
    expect(
      (await client(t.app).req('POST', '/api/v1/auth/password-reset', { body: { token: token3, newPassword: PASSWORD } })).statusCode,
    ).toBe(200);
  });
});

describe('MFA with TOTP (SEC-AUTHN-06)', () => {
  let secret = '';
  let recovery: string[] = [];
  let userEmail = '';

  it('enrols with a QR code, a confirming code and the password, and returns 10 recovery codes once', async () => {
    const o = await createOrg(t, { roles: ['director'] });
    userEmail = o.users.director!.email;
    const c = await login(t.app, userEmail, PASSWORD, '10.5.0.1');
    const setup = (await c.req('POST', '/api/v1/me/mfa/setup')).json() as { secret: string; qrSvg: string; otpauthUrl: string };
    expect(setup.qrSvg).toContain('<svg');
    expect(setup.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    secret = setup.secret;
    const stored = await sql.query('select totp_pending_enc from app_user where email = $1', [userEmail]);
    expect(stored.rows[0].totp_pending_enc).toBeTruthy();
    expect(stored.rows[0].totp_pending_enc).not.toContain(secret);
    const bad = await c.req('POST', '/api/v1/me/mfa/enable', { body: { code: '000000', password: PASSWORD } });
    expect(bad.statusCode).toBe(400);
    const res = await c.req('POST', '/api/v1/me/mfa/enable', { body: { code: totp(secret), password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    recovery = (res.json() as { recoveryCodes: string[] }).recoveryCodes;
    expect(recovery).toHaveLength(10);
    expect(new Set(recovery).size).toBe(10);
    const hashes = await sql.query('select code_hash from mfa_recovery_code mrc join app_user u on u.id = mrc.user_id where u.email = $1', [
      userEmail,
    ]);
    expect(hashes.rows.map((r: { code_hash: string }) => r.code_hash)).not.toContain(recovery[0]);
  });

  it('asks for the code at login and keeps everything else closed until then', async () => {
    await sql.query('update app_user set totp_last_step = null where email = $1', [userEmail]);
    const c = client(t.app);
    const res = await c.req('POST', '/api/v1/auth/login', { body: { email: userEmail, password: PASSWORD }, ip: '10.5.0.2' });
    expect(res.json()).toEqual({ status: 'mfa_required' });
    const blocked = await c.req('GET', '/api/v1/identity/services');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json()).toMatchObject({ code: 'mfa_required' });
    const me = (await c.req('GET', '/api/v1/me')).json() as { permissions: string[]; session: { mfaPending: boolean } };
    expect(me.permissions).toEqual([]);
    expect(me.session.mfaPending).toBe(true);
    const pendingCookie = c.cookie;
    const code = totp(secret);
    const ok = await c.req('POST', '/api/v1/auth/mfa/verify', { body: { code } });
    expect(ok.json()).toEqual({ status: 'authenticated' });
    expect(c.cookie).not.toBe(pendingCookie);
    expect((await c.req('GET', '/api/v1/identity/services')).statusCode).toBe(200);
    // the same code cannot be replayed
    const c2 = client(t.app);
    await c2.req('POST', '/api/v1/auth/login', { body: { email: userEmail, password: PASSWORD }, ip: '10.5.0.3' });
    expect((await c2.req('POST', '/api/v1/auth/mfa/verify', { body: { code } })).statusCode).toBe(401);
  });

  it('accepts a recovery code once', async () => {
    const c = client(t.app);
    await c.req('POST', '/api/v1/auth/login', { body: { email: userEmail, password: PASSWORD }, ip: '10.5.0.4' });
    expect((await c.req('POST', '/api/v1/auth/mfa/verify', { body: { code: recovery[0]! } })).statusCode).toBe(200);
    const c2 = client(t.app);
    await c2.req('POST', '/api/v1/auth/login', { body: { email: userEmail, password: PASSWORD }, ip: '10.5.0.5' });
    expect((await c2.req('POST', '/api/v1/auth/mfa/verify', { body: { code: recovery[0]! } })).statusCode).toBe(401);
  });

  it('throttles code entry', async () => {
    const c = client(t.app);
    await c.req('POST', '/api/v1/auth/login', { body: { email: userEmail, password: PASSWORD }, ip: '10.5.0.6' });
    for (let i = 0; i < 6; i++) await c.req('POST', '/api/v1/auth/mfa/verify', { body: { code: '12345' + String(i) } });
    const res = await c.req('POST', '/api/v1/auth/mfa/verify', { body: { code: totp(secret) } });
    expect(res.statusCode).toBe(429);
    await sql.query(`delete from auth_throttle where key like 'user:%'`);
  });

  it('keeps the current factor when a new set-up is started and abandoned', async () => {
    await sql.query(`delete from auth_throttle where key like 'user:%'`);
    const c = client(t.app);
    await c.req('POST', '/api/v1/auth/login', { body: { email: userEmail, password: PASSWORD }, ip: '10.5.0.9' });
    await c.req('POST', '/api/v1/auth/mfa/verify', { body: { code: recovery[1]! } });
    await sql.query(`update session set authenticated_at = now() where user_id = (select id from app_user where email = $1)`, [userEmail]);
    const again = await c.req('POST', '/api/v1/me/mfa/setup');
    expect(again.statusCode).toBe(200);
    const me = (await c.req('GET', '/api/v1/me')).json() as { user: { mfaEnabled: boolean } };
    expect(me.user.mfaEnabled).toBe(true);
    const c2 = client(t.app);
    const res = await c2.req('POST', '/api/v1/auth/login', { body: { email: userEmail, password: PASSWORD }, ip: '10.5.0.10' });
    expect(res.json()).toEqual({ status: 'mfa_required' });
  });

  it('a password reset does not bypass MFA', async () => {
    await client(t.app).req('POST', '/api/v1/auth/password-reset/request', { body: { email: userEmail }, ip: '10.5.1.1' });
    const token = /#token=([A-Za-z0-9_-]+)/.exec((await t.flushMail()).at(-1)!.text)![1]!;
    await client(t.app).req('POST', '/api/v1/auth/password-reset', { body: { token, newPassword: 'Phrase de secours du directeur' } });
    const res = await loginReq(userEmail, 'Phrase de secours du directeur', '10.5.1.2');
    expect(res.json()).toEqual({ status: 'mfa_required' });
  });

  it('makes enrolment mandatory for the roles the organisation chooses', async () => {
    const o = await createOrg(t, { roles: ['admin', 'coordinator'], mfaRequiredRoles: ['admin'] });
    const c = client(t.app);
    const res = await c.req('POST', '/api/v1/auth/login', { body: { email: o.users.admin!.email, password: PASSWORD }, ip: '10.5.2.1' });
    expect(res.json()).toEqual({ status: 'mfa_enrolment_required' });
    expect((await c.req('GET', '/api/v1/identity/members')).json()).toMatchObject({ code: 'mfa_required' });
    const setup = (await c.req('POST', '/api/v1/me/mfa/setup')).json() as { secret: string };
    expect((await c.req('POST', '/api/v1/me/mfa/enable', { body: { code: totp(setup.secret), password: PASSWORD } })).statusCode).toBe(200);
    expect((await c.req('GET', '/api/v1/identity/members')).statusCode).toBe(200);
    const coord = await loginReq(o.users.coordinator!.email, PASSWORD, '10.5.2.2');
    expect(coord.json()).toEqual({ status: 'authenticated' });
  });
});

describe('production cookie (SEC-SESS-07)', () => {
  it('uses the __Host- prefix and Secure in production', async () => {
    const p = await startTestApp({ NODE_ENV: 'production', MAILLON_MODE: 'production' });
    try {
      const o = await createOrg(p, { roles: ['coordinator'] });
      const res = await client(p.app).req('POST', '/api/v1/auth/login', {
        body: { email: o.users.coordinator!.email, password: PASSWORD },
      });
      const c = res.cookies.find((x) => x.name === '__Host-maillon_session')!;
      expect(c).toBeTruthy();
      expect(c.secure).toBe(true);
      expect(c.httpOnly).toBe(true);
      expect(c.path).toBe('/');
      expect(c.domain).toBeUndefined();
      expect(res.headers['strict-transport-security']).toContain('max-age=');
      expect(cookieFrom(res)).toContain('__Host-');
    } finally {
      await p.close();
    }
  });
});
