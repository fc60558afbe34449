// The --out folder: checked and created before any work (a mistake there costs seconds, not the
// hours of a preset), locked against a second run writing into it at the same time, and written
// as one set: every file of a run goes to a temporary name first, then all are renamed into place
// and whatever an earlier run left that this one does not write is removed, so the folder never
// holds files of two runs side by side, and a crash never leaves half a file.

import { closeSync, existsSync, lstatSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join, parse, resolve, sep } from 'node:path';
import { UsageError } from './errors';
import { printable } from './printable';

export const RESULTS_FILE = 'results.json';
export const REPORT_FILE = 'report.html';
export const CHECKPOINT_FILE = 'checkpoint.json';
/** Folders the command owns in --out: a run replaces them whole. */
export const EXPORT_DIR = 'export';
export const FIGURES_DIR = 'figures';
const LOCK_FILE = '.ntk-dynamics.lock';

/** What a run writes, besides checkpoint.json. */
const OUTPUTS = [RESULTS_FILE, REPORT_FILE, EXPORT_DIR, FIGURES_DIR] as const;

/** Temporary names this command uses in --out: `.<name>.<pid>.tmp` and `.<name>.<pid>.old`. */
const TEMPORARY = /^\.(results\.json|report\.html|checkpoint\.json|export|figures)\.\d+\.(tmp|old)$/;

/** One file of a run's output, by its path relative to --out ('export/gd.loss.npy'). */
export interface OutputFile {
  path: string;
  data: string | Uint8Array;
}

function code(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e.code ?? e.message;
}

/** The folder --out names, made when missing, one level at a time (never mkdirSync's recursive mode: Node 20's spins on some virtual file systems). */
function makeFolder(target: string, shown: string): void {
  const { root } = parse(target);
  let path = root;
  for (const part of target.slice(root.length).split(sep).filter(Boolean)) {
    path = join(path, part);
    let isFolder: boolean;
    try {
      isFolder = statSync(path).isDirectory();
    } catch (error) {
      if (code(error) !== 'ENOENT') throw new UsageError(`--out ${shown}: cannot look at ${printable(path)} (${code(error)})`);
      try {
        mkdirSync(path);
      } catch (made) {
        if (code(made) !== 'EEXIST') throw new UsageError(`--out ${shown}: cannot create the folder ${printable(path)} (${code(made)})`);
      }
      isFolder = statSync(path).isDirectory();
    }
    if (!isFolder) {
      throw new UsageError(path === target ? `--out ${shown} is a file, not a folder` : `--out ${shown} is below ${printable(path)}, which is a file, not a folder`);
    }
  }
}

/** Whether a process with this id is running (ours or another user's). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return code(error) === 'EPERM';
  }
}

/** The --out folder of one run, checked, created and locked. */
export class OutFolder {
  /** What an earlier, finished run left here (names from OUTPUTS), replaced when this run writes. */
  private earlier: string[];
  private readonly earlierWritten?: Date;
  private released = false;

  private constructor(readonly path: string, readonly shown: string, earlier: string[]) {
    this.earlier = earlier;
    if (earlier.includes(RESULTS_FILE)) this.earlierWritten = statSync(join(path, RESULTS_FILE)).mtime;
  }

  /**
   * Checks --out before any work, creating it if needed: every mistake is a UsageError (a file
   * where a folder should be, a folder that cannot be made or written, another run writing there,
   * an unfinished run that `--resume` would continue).
   */
  static prepare(given: string, opts: { resume: boolean }): OutFolder {
    const shown = printable(given);
    const path = resolve(given);
    if (opts.resume && !existsSync(path)) throw new UsageError(`--resume: there is no run to continue in ${printable(path)} (no such folder)`);
    makeFolder(path, shown);
    // Can we write here? (Permissions alone do not say: root may write in a read-only folder's
    // permissions, and no one in a read-only file system.)
    const probe = join(path, `.ntk-dynamics-probe.${process.pid}`);
    try {
      closeSync(openSync(probe, 'wx'));
      unlinkSync(probe);
    } catch (error) {
      throw new UsageError(`--out ${shown}: cannot write in ${printable(path)} (${code(error)})`);
    }
    for (const name of [RESULTS_FILE, REPORT_FILE, CHECKPOINT_FILE, EXPORT_DIR, FIGURES_DIR]) {
      const at = join(path, name);
      let folder: boolean;
      try {
        folder = lstatSync(at).isDirectory();
      } catch {
        continue;
      }
      const wantFolder = name === EXPORT_DIR || name === FIGURES_DIR;
      if (folder !== wantFolder) throw new UsageError(`--out ${shown}: ${printable(at)} is a ${folder ? 'folder' : 'file'}, where the command writes its ${name}${wantFolder ? ' folder' : ''}; move it away`);
    }
    const checkpoint = existsSync(join(path, CHECKPOINT_FILE));
    if (!opts.resume && checkpoint) {
      throw new UsageError(`--out ${shown} holds an unfinished run (checkpoint.json): continue it with \`ntk-dynamics run --resume --out ${shown}\`, or delete ${printable(join(path, CHECKPOINT_FILE))} to start a new run there`);
    }
    const folder = new OutFolder(path, shown, opts.resume ? [] : OUTPUTS.filter((name) => existsSync(join(path, name))));
    folder.lock();
    folder.removeLeftovers();
    return folder;
  }

  /** Takes the folder's lock, or says which run holds it; the lock goes when this process exits. */
  private lock(): void {
    const file = join(this.path, LOCK_FILE);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(file, 'wx');
        writeSync(fd, `${process.pid}\n`);
        closeSync(fd);
        process.once('exit', () => this.release());
        return;
      } catch (error) {
        if (code(error) !== 'EEXIST') throw new UsageError(`--out ${this.shown}: cannot write in ${printable(this.path)} (${code(error)})`);
      }
      const holder = Number.parseInt(readFileSync(file, 'utf8'), 10);
      if (Number.isInteger(holder) && holder !== process.pid && alive(holder)) {
        throw new UsageError(`--out ${this.shown} is in use by another ntk-dynamics run (process ${holder}); wait for it, or choose another --out`);
      }
      rmSync(file, { force: true }); // left by a run that was killed
    }
    throw new UsageError(`--out ${this.shown}: cannot take its lock ${printable(file)}`);
  }

  /** Gives the folder up (at exit; a second call does nothing). */
  release(): void {
    if (this.released) return;
    this.released = true;
    try {
      if (Number.parseInt(readFileSync(join(this.path, LOCK_FILE), 'utf8'), 10) === process.pid) unlinkSync(join(this.path, LOCK_FILE));
    } catch {
      // already gone
    }
  }

  /** Temporary files of runs that were killed while writing (the lock says none is writing now). */
  private removeLeftovers(): void {
    for (const name of readdirSync(this.path)) if (TEMPORARY.test(name)) rmSync(join(this.path, name), { recursive: true, force: true });
  }

  /** Where a file of the run goes. */
  file(name: string): string {
    return join(this.path, name);
  }

  /**
   * Writes the run's output as one set: `files` under temporary names, then renamed into place;
   * what the folder holds of OUTPUTS beyond them (an earlier run's, or this run's earlier
   * write) is removed. Returns, the first time only, the names of an earlier run's files it
   * replaced, for a note.
   */
  write(files: readonly OutputFile[]): { replaced: string[]; earlierWritten?: Date } {
    const pid = process.pid;
    const staged: { temporary: string; final: string }[] = [];
    const folders = new Set<string>();
    try {
      for (const f of files) {
        const [top, ...rest] = f.path.split('/');
        if (rest.length === 0) {
          const temporary = join(this.path, `.${top}.${pid}.tmp`);
          writeFileSync(temporary, f.data);
          staged.push({ temporary, final: join(this.path, top) });
          continue;
        }
        const folder = join(this.path, `.${top}.${pid}.tmp`);
        if (!folders.has(top)) {
          rmSync(folder, { recursive: true, force: true });
          mkdirSync(folder);
          folders.add(top);
          staged.push({ temporary: folder, final: join(this.path, top) });
        }
        writeFileSync(join(folder, ...rest), f.data);
      }
    } catch (error) {
      for (const s of staged) rmSync(s.temporary, { recursive: true, force: true });
      throw error;
    }
    const written = new Set(staged.map((s) => s.final));
    // Everything is on disk: now the renames, and the removal of what this run does not write.
    for (const name of OUTPUTS) {
      const at = join(this.path, name);
      if (written.has(at) || !existsSync(at)) continue;
      // only what has the form this command gives it (a folder named report.html is not its own)
      const isFolder = lstatSync(at).isDirectory();
      if (isFolder === (name === EXPORT_DIR || name === FIGURES_DIR)) rmSync(at, { recursive: true, force: true });
    }
    try {
      for (const s of staged) {
        if (existsSync(s.final) && statSync(s.final).isDirectory() && statSync(s.temporary).isDirectory()) {
          const old = join(dirname(s.final), `.${parse(s.final).base}.${pid}.old`);
          renameSync(s.final, old);
          renameSync(s.temporary, s.final);
          rmSync(old, { recursive: true, force: true });
        } else {
          renameSync(s.temporary, s.final);
        }
      }
    } finally {
      // what could not be renamed (after a failure) goes
      for (const s of staged) rmSync(s.temporary, { recursive: true, force: true });
    }
    const replaced = this.earlier;
    this.earlier = [];
    return { replaced, earlierWritten: replaced.length ? this.earlierWritten : undefined };
  }
}
