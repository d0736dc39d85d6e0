import { AppError } from '../errors.ts';

/**
 * Database failures an operator must act on, turned into stable codes
 * instead of a bare 500: the disk is full, the data directory is
 * read-only, or PostgreSQL cannot be reached. In every case the
 * transaction was rolled back, so nothing half-written is left behind.
 */
export function storageError(error: unknown): AppError | null {
  const e = error as { code?: unknown; errcode?: unknown; message?: unknown } | null;
  if (typeof e !== 'object' || e === null) return null;
  // node:sqlite: `errcode` is the (extended) result code; the low byte is the primary one.
  if (e.code === 'ERR_SQLITE_ERROR' && typeof e.errcode === 'number') {
    const primary = e.errcode & 0xff;
    if (primary === SQLITE_FULL) return full();
    if (primary === SQLITE_READONLY || primary === SQLITE_CANTOPEN) return readOnly();
    // An I/O error on write: the file system went read-only or the disk is failing.
    if (primary === SQLITE_IOERR) return /no space|disk is full/i.test(String(e.message)) ? full() : new AppError('storage_read_only', 'The server could not write to its storage, so nothing was saved; try again later');
    return null;
  }
  if (typeof e.code === 'string') {
    // PostgreSQL SQLSTATEs: 53100 disk_full, 25006 read_only_sql_transaction,
    // class 08 connection exceptions, 57P01-03 server shutting down or not yet up.
    if (e.code === '53100') return full();
    if (e.code === '25006') return readOnly();
    if (/^08/.test(e.code) || /^57P0[123]$/.test(e.code) || e.code === 'ECONNREFUSED' || e.code === 'ECONNRESET') {
      return new AppError('unavailable', 'The database is not reachable right now; try again in a moment');
    }
  }
  return null;
}

const SQLITE_READONLY = 8;
const SQLITE_IOERR = 10;
const SQLITE_FULL = 13;
const SQLITE_CANTOPEN = 14;

const full = () => new AppError('storage_full', 'The server’s storage is full, so nothing was saved; an administrator has to free space');
const readOnly = () => new AppError('storage_read_only', 'The server’s storage is read-only right now, so nothing was saved; try again later');
