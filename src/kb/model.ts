/**
 * @module kb/model
 * The resolved view of the knowledge base at one date: what the engine, API and site read. Everything is frozen.
 */
import type { ChartColumnId, CountryGroupIdT, KnownAsOfT, ReasonId, ReviewNoteT } from '../schema/common.ts';
import type { LicenseRequirementT, SingleSourceT } from '../schema/eccn.ts';
import type { SourceT } from '../schema/editions.ts';
import type { ControlFileT } from '../schema/control.ts';

export interface Edition {
  readonly id: string;
  readonly date: string;
  readonly title: string;
  readonly sources: readonly string[];
}

/** An ECCN as in force on a date. */
export interface EccnState {
  readonly eccn: string;
  readonly category: string;
  readonly product_group: string;
  readonly heading: string;
  readonly reasons_for_control: readonly ReasonId[];
  readonly license_requirements: readonly LicenseRequirementT[];
  /** false when no source carries the License Requirements table: every answer for it is needs_review. */
  readonly license_requirements_known: boolean;
  readonly other_authority: boolean;
  /** Edition in which the state in force was last changed, and the sources that show it. */
  readonly since: string;
  readonly sources: readonly string[];
  /** Licence exception values, related controls, items: known only as of `single_source.known_as_of`. */
  readonly single_source?: SingleSourceT;
  readonly review: readonly ReviewNoteT[];
  readonly file: string;
  readonly citation: string;
}

export interface ChartRow {
  readonly marks: readonly ChartColumnId[];
  readonly footnotes: readonly number[];
  readonly embargo_referral: string | null;
  readonly since: string;
  readonly sources: readonly string[];
}

/** The code of the Country Chart row a destination takes: its own, or the row of another (HK → CN). */
export function rowCode(d: { readonly code: string; readonly row_of?: { readonly code: string } }): string {
  return d.row_of?.code ?? d.code;
}

/** A destination as in force on a date. Territories (Hong Kong) resolve to the row they take. */
export interface DestinationState {
  readonly code: string;
  readonly chart_name: string;
  readonly aliases: readonly string[];
  readonly chart: ChartRow;
  /** Set when this destination has no row of its own and takes another's (e.g. HK → CN, § 738.3(b)). */
  readonly row_of?: { readonly code: string; readonly basis: string };
  readonly groups: readonly CountryGroupIdT[];
  readonly file: string;
}

export interface CountryGroup {
  readonly id: CountryGroupIdT;
  readonly label: string;
  readonly label_source: 'cfr' | 'editorial';
  readonly known_as_of: KnownAsOfT;
  readonly members: readonly string[];
  readonly notes: readonly string[];
  readonly file: string;
}

export interface Footnote { readonly number: number; readonly text: string; readonly since: string; readonly sources: readonly string[] }
export interface Column { readonly id: ChartColumnId; readonly reason: ReasonId; readonly label: string }
export interface LicenseException {
  readonly symbol: string;
  readonly other_symbols: readonly string[];
  readonly section: string;
  readonly title: string;
  readonly known_as_of: KnownAsOfT;
  readonly text_file?: string;
  readonly file: string;
}
export interface SectionText {
  readonly id: string; readonly heading: string; readonly source: string; readonly as_of: string;
  readonly completeness: string; readonly text: string; readonly notes?: string; readonly file: string;
}
export type Source = SourceT;

/** A requirement outside the Country Chart (Part 744, 746 …), with the file it was read from. */
export type Control = ControlFileT & { readonly file: string };
