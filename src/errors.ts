/**
 * @module errors
 * One error class per failure. Each carries a stable machine-readable `code`; the API maps them to HTTP in one place.
 */

/** One problem found while loading the knowledge base or the rules: where it is, what is wrong, how to fix it. */
export interface Issue {
  /** Stable code, e.g. RULESET_PARSE_ERROR, RULESET_SCHEMA_INVALID, RULESET_REFERENCE_ERROR. */
  code: string;
  /** Path relative to the knowledge-base root, e.g. `regulations/ccl/3/3A001.yaml`. */
  file: string;
  /** 1-based line and column, when known. */
  line?: number;
  column?: number;
  /** JSON pointer inside the file's data, when known. */
  pointer?: string;
  message: string;
  /** How to fix it. */
  hint?: string;
}

export function formatIssue(i: Issue): string {
  const at = i.line !== undefined ? `${i.file}:${i.line}:${i.column ?? 1}` : i.file;
  const ptr = i.pointer ? ` ${i.pointer}` : '';
  return `${i.code} ${at}:${ptr} ${i.message}${i.hint ? ` (fix: ${i.hint})` : ''}`;
}

/** The knowledge base (or rule set) could not be loaded; `issues` lists every problem found, not just the first. */
export class LoadError extends Error {
  readonly code = 'KB_LOAD_FAILED';
  constructor(readonly issues: readonly Issue[]) {
    super(`knowledge base failed to load with ${issues.length} issue(s):\n${issues.slice(0, 50).map(formatIssue).join('\n')}${issues.length > 50 ? `\n… and ${issues.length - 50} more` : ''}`);
    this.name = 'LoadError';
  }
}

/** A date the data cannot answer for. `code` is DATE_OUT_OF_COVERAGE (before the first edition) or DATE_BEYOND_DATA. */
export class CoverageError extends Error {
  constructor(
    readonly code: 'DATE_OUT_OF_COVERAGE' | 'DATE_BEYOND_DATA',
    readonly date: string,
    readonly coverage: { from: string; to: string },
  ) {
    super(
      code === 'DATE_OUT_OF_COVERAGE'
        ? `date ${date} is before the knowledge base's coverage (${coverage.from} to ${coverage.to}); use a date on or after ${coverage.from}`
        : `date ${date} is after the newest edition in the knowledge base (${coverage.to}); the data cannot say what was in force then`,
    );
    this.name = 'CoverageError';
  }
}

/** A well-formed identifier that the knowledge base does not hold. */
export class NotFoundError extends Error {
  readonly code = 'NOT_FOUND';
  constructor(readonly kind: string, readonly id: string, readonly date?: string, hint?: string, place = 'the knowledge base') {
    super(`${kind} '${id}' was not found in ${place}${date ? ` as of ${date}` : ''}${hint ? `; ${hint}` : ''}`);
    this.name = 'NotFoundError';
  }
}

/** Caller input that is malformed (bad ECCN syntax, bad country code, bad date …). */
export class InvalidInputError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: readonly { pointer: string; code: string; message?: string }[] = [],
  ) {
    super(message);
    this.name = 'InvalidInputError';
  }
}

/**
 * The first line of an error's message: a LoadError lists every issue on the lines after its first, which belong in
 * the log, not in a one-line status or an answer's reason.
 */
export function firstLine(e: unknown): string {
  return ((e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '').trim();
}
