import assert from 'node:assert/strict';
import { it } from 'node:test';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { acceptInvitation, createInvitation, findInvitation } from './invitations.ts';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import { assignableRoles, can, canEditPost, canManageUser } from './roles.ts';
import {
  createSession,
  findSession,
  IDLE_MS,
  listSessions,
  purgeExpiredSessions,
  revokeAllSessions,
  rotateSession,
  tokenHash,
} from './sessions.ts';
import { claimSignInAttempt, clearSignInFailures, SIGN_IN_RULES, signInKeys } from './throttle.ts';
import { changeRole, createUser, findByEmail, setActive, UserInputError } from './users.ts';

it('hashes passwords with argon2id and verifies them', async () => {
  const hash = await hashPassword('correct horse battery');
  assert.match(hash, /^\$argon2id\$/);
  assert.ok(!hash.includes('correct horse'));
  assert.equal(await verifyPassword(hash, 'correct horse battery'), true);
  assert.equal(await verifyPassword(hash, 'correct horse batterY'), false);
  assert.equal(await verifyPassword(null, 'anything'), false);
  assert.equal(await verifyPassword('not a hash', 'anything'), false);
  assert.match(passwordProblem('short') ?? '', /at least 10/);
  assert.equal(passwordProblem('long enough now'), null);
});

it('grants roles what the issue says', () => {
  const owner = { id: 1, role: 'owner' as const };
  const admin = { id: 2, role: 'admin' as const };
  const author = { id: 3, role: 'author' as const };
  const moderator = { id: 4, role: 'moderator' as const };
  assert.ok(canEditPost(author, { author_id: 3 }));
  assert.ok(!canEditPost(author, { author_id: 2 }));
  assert.ok(!canEditPost(author, { author_id: null }));
  assert.ok(canEditPost(admin, { author_id: 3 }));
  assert.ok(!canEditPost(moderator, { author_id: 4 }));
  assert.ok(can(moderator, 'comments') && !can(moderator, 'posts') && !can(moderator, 'settings'));
  assert.ok(!can(author, 'comments') && !can(author, 'users'));
  assert.ok(canManageUser(admin, author));
  assert.ok(!canManageUser(admin, owner), 'the owner account is protected from admins');
  assert.ok(canManageUser(owner, admin));
  assert.ok(!canManageUser(owner, owner), 'nobody deactivates themselves');
  assert.ok(!assignableRoles(admin).includes('owner'));
  assert.deepEqual(assignableRoles(author), []);
});

eachDatabase('accounts and sessions', (store) => {
  it('creates users with normalised, unique e-mail addresses', async () => {
    const user = await createUser(store().db, {
      email: '  Ed@Example.ORG ',
      name: 'Ed',
      role: 'admin',
      password: 'a long enough password',
    });
    assert.equal(user.email, 'ed@example.org');
    assert.equal((await findByEmail(store().db, 'ED@example.org'))?.id, user.id);
    await assert.rejects(
      createUser(store().db, {
        email: 'ed@example.org',
        name: 'Ed 2',
        role: 'author',
        password: 'a long enough password',
      }),
      UserInputError,
    );
    await assert.rejects(
      createUser(store().db, {
        email: 'not-an-address',
        name: 'X',
        role: 'author',
        password: 'a long enough password',
      }),
      /not an e-mail/,
    );
    await assert.rejects(
      createUser(store().db, { email: 'x@example.org', name: 'X', role: 'author', password: 'short' }),
      /at least 10/,
    );
  });

  it('stores only the hash of a session token, and finds the session by the token', async () => {
    const user = await createUser(store().db, {
      email: 'session@example.org',
      name: 'S',
      role: 'author',
      password: 'a long enough password',
    });
    const { token, session } = await createSession(store().db, user.id, { userAgent: 'Test' });
    const row = await store()
      .db.selectFrom('sessions')
      .selectAll()
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.id, tokenHash(token));
    assert.notEqual(row.id, token);
    assert.equal((await findSession(store().db, token))?.user.id, user.id);
    assert.equal(await findSession(store().db, session.id), undefined, 'the stored hash is not a token');
    assert.equal(await findSession(store().db, 'nonsense'), undefined);
    assert.equal(await findSession(store().db, undefined), undefined);
  });

  it('rotates the session at sign-in: the token held before is dead', async () => {
    const user = await createUser(store().db, {
      email: 'rotate@example.org',
      name: 'R',
      role: 'author',
      password: 'a long enough password',
    });
    const first = await createSession(store().db, user.id);
    const second = await rotateSession(store().db, first.token, user.id);
    assert.notEqual(first.token, second.token);
    assert.equal(await findSession(store().db, first.token), undefined);
    assert.ok(await findSession(store().db, second.token));
  });

  it('ends sessions when idle, on sign-out everywhere, and on deactivation', async () => {
    const db = store().db;
    const owner = await createUser(db, {
      email: 'o@example.org',
      name: 'O',
      role: 'owner',
      password: 'a long enough password',
    });
    const user = await createUser(db, {
      email: 'idle@example.org',
      name: 'I',
      role: 'author',
      password: 'a long enough password',
    });
    const t0 = new Date('2030-01-01T00:00:00Z');
    const a = await createSession(db, user.id, {}, t0);
    const b = await createSession(db, user.id, {}, t0);
    const c = await createSession(db, user.id, {}, t0);
    // Used after 10 days: extended; not used for 14 days after that: gone.
    const day10 = new Date(t0.getTime() + 10 * 86_400_000);
    assert.ok(await findSession(db, a.token, day10));
    assert.ok(await findSession(db, a.token, new Date(day10.getTime() + IDLE_MS - 1000)));
    assert.equal(await findSession(db, b.token, new Date(t0.getTime() + IDLE_MS + 1)), undefined);
    assert.equal((await listSessions(db, user.id, t0)).length, 3);

    assert.equal(await revokeAllSessions(db, user.id, c.session.id), 2);
    assert.equal(await findSession(db, a.token, day10), undefined);
    assert.ok(await findSession(db, c.token, t0));

    await setActive(db, owner, user.id, false);
    assert.equal(await findSession(db, c.token, t0), undefined, 'deactivation signs out');
    const d = await createSession(db, user.id, {}, t0);
    assert.equal(await findSession(db, d.token, t0), undefined, 'an inactive account has no live session');
    await setActive(db, owner, user.id, true);
    assert.ok(await findSession(db, d.token, t0));

    assert.ok((await purgeExpiredSessions(db, new Date('2031-01-01T00:00:00Z'))) >= 1);
  });

  it('protects the owner account from admins', async () => {
    const db = store().db;
    const owner = await findByEmail(db, 'o@example.org');
    const admin = await createUser(db, {
      email: 'adm@example.org',
      name: 'A',
      role: 'admin',
      password: 'a long enough password',
    });
    await assert.rejects(setActive(db, admin, owner!.id, false), /may not change/);
    await assert.rejects(changeRole(db, admin, owner!.id, 'author'), /may not change/);
    const author = await findByEmail(db, 'idle@example.org');
    await assert.rejects(changeRole(db, admin, author!.id, 'owner'), /may not give/);
    await changeRole(db, admin, author!.id, 'moderator');
    assert.equal((await findByEmail(db, 'idle@example.org'))?.role, 'moderator');
  });

  it('throttles sign-in attempts per account and per address, in the database', async () => {
    const db = store().db;
    const now = new Date('2030-02-01T00:00:00Z');
    const keys = signInKeys('victim@example.org', 'addr-1');
    for (let i = 0; i < SIGN_IN_RULES.account.max; i++)
      assert.equal(await claimSignInAttempt(db, keys, now), 0);
    const wait = await claimSignInAttempt(db, keys, now);
    assert.ok(wait > 0 && wait <= 15 * 60, `blocked for ${wait}s`);
    // The same account from another address is blocked too; another account from this address is not yet.
    assert.ok((await claimSignInAttempt(db, signInKeys('victim@example.org', 'addr-2'), now)) > 0);
    assert.equal(await claimSignInAttempt(db, signInKeys('other@example.org', 'addr-1'), now), 0);
    // After the window the account may try again.
    assert.equal(await claimSignInAttempt(db, keys, new Date(now.getTime() + 16 * 60_000)), 0);

    // Many accounts from one address: the address limit.
    for (let i = 0; i < SIGN_IN_RULES.address.max; i++) {
      await claimSignInAttempt(db, signInKeys(`spray${i}@example.org`, 'addr-3'), now);
    }
    assert.ok((await claimSignInAttempt(db, signInKeys('fresh@example.org', 'addr-3'), now)) > 0);

    await clearSignInFailures(db, keys);
    assert.equal(await claimSignInAttempt(db, signInKeys('victim@example.org', 'addr-9'), now), 0);
  });

  it('invites with a one-time link', async () => {
    const db = store().db;
    const owner = await findByEmail(db, 'o@example.org');
    const { token, invitation } = await createInvitation(db, owner!, {
      email: 'New@Example.org',
      name: 'Newcomer',
      role: 'author',
    });
    assert.notEqual(invitation.token_hash, token);
    assert.ok(await findInvitation(db, token));
    await assert.rejects(acceptInvitation(db, token, { name: 'Newcomer', password: 'short' }), /at least 10/);
    const user = await acceptInvitation(db, token, { name: 'New Comer', password: 'a long enough password' });
    assert.equal(user.email, 'new@example.org');
    assert.equal(user.role, 'author');
    assert.equal(user.name, 'New Comer');
    await assert.rejects(
      acceptInvitation(db, token, { name: 'Again', password: 'a long enough password' }),
      /used or has expired/,
    );
    const author = { id: user.id, role: user.role };
    await assert.rejects(
      createInvitation(db, author, { email: 'x@example.org', name: 'X', role: 'author' }),
      /may not invite/,
    );
  });
});
