/**
 * @module engine/result
 * The determination answer: the same JSON for the API, the CLI and the records.
 */
export type Decision = 'prohibited' | 'license_required' | 'needs_review' | 'no_license_required';
export const DECISION_ORDER: readonly Decision[] = ['prohibited', 'license_required', 'needs_review', 'no_license_required'];

/** Most restrictive wins: prohibited > license_required > needs_review > no_license_required. */
export function mostRestrictive(ds: readonly Decision[]): Decision {
  for (const d of DECISION_ORDER) if (ds.includes(d)) return d;
  return 'needs_review'; // nothing decided is never licence-free
}

export interface Reason {
  /** Chart column (NS1 … AT2) for chart requirements, else the CFR section (746.8, 744.21, 742.6 …) or a dualuse code (UNKNOWN_ECCN …). */
  code: string;
  basis: string;
  citation: string;
  text: string;
  rule: string;
  decision: Exclude<Decision, 'no_license_required'>;
  /** The item this reason belongs to (ECCN as given). */
  item?: string;
  /** True when the requirement applies only if the item is in the paragraphs named in `text`. */
  conditional?: boolean;
}

export interface ExceptionResult {
  code: string;
  status: 'available' | 'not_available' | 'needs_review';
  why: string;
  citation: string;
}

export interface TraceCondition { fact: string; operator: string; value: unknown; fact_value: unknown; result: boolean | 'not_evaluated' }
export interface TraceEntry { rule: string; template: string; item?: string; result: boolean; conditions: TraceCondition[]; event?: string }

export interface ItemResult {
  eccn: string;
  decision: Decision;
  heading?: string;
  reasons: Reason[];
  license_exceptions: ExceptionResult[];
  notes: string[];
}

export interface ScreeningContext { lists: { file: string; date: string; sha256: string }; matcher: string; thresholds: { match: number; possible_match: number } }

export interface DeterminationResult {
  ref?: string;
  decision: Decision;
  as_of: string;
  /** The destination as the knowledge base knows it (and the row it takes, for a territory). */
  destination: { code: string; chart_name: string | null; row_of?: string };
  edition: { id: string; sha256: string };
  rules: { sha256: string };
  reasons: Reason[];
  license_exceptions: ExceptionResult[];
  items: ItemResult[];
  parties: { name: string; role: string; matches: unknown[]; error?: string }[];
  /** When parties were screened: the lists (their date and the SHA-256 of the file) and the matcher used, so that the answer can be reproduced. */
  screening?: ScreeningContext;
  not_covered: string[];
  caveats: string[];
  trace: TraceEntry[];
}
