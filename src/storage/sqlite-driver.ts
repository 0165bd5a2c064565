// The SQLite driver for this Node: better-sqlite3 12 on Node 20, its N-API build (13, installed
// as the optional dependency better-sqlite3-napi) on Node 22 and later. 12 aborts on Node 24.19+
// when a statement is garbage-collected outside a JavaScript context (Node's ObjectWrap now
// registers cleanup hooks; WiseLibs/better-sqlite3#1515), and 13 crashes on Node 20. Both have
// the same API; every module opens SQLite through this one.
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

const require = createRequire(import.meta.url);
const major = Number(process.versions.node.split('.')[0]);

export const SQLite: typeof BetterSqlite3 =
  major >= 22 ? require('better-sqlite3-napi') : require('better-sqlite3');
export type SQLiteDatabase = BetterSqlite3.Database;
export type SQLiteStatement = BetterSqlite3.Statement;
