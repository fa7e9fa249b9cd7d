/**
 * @module exchange/networks
 * Procurement networks from the reports (issue 10): reports that share any normalised identifier (its keyed hash in
 * the link index) fall in one cluster (union-find over reports). Each cluster: its size, how many distinct members
 * reported it, the items sought, red flags, countries, time span, the reporters' decisions, and whether a party's
 * name matches the restricted-party lists.
 *
 * What an analyst sees (never the reporter's identity, never a free-text note): a cluster reported by at least `k`
 * distinct members (k from configuration, default 3) with its parties and identifiers and a graph of parties,
 * identifiers and reports; below k, only counts. The export for the authorities carries the same fields as the
 * analyst view, for one cluster that meets k.
 */
import { createHash } from 'node:crypto';
import type { Matcher } from '../screening/match.ts';
import { screenOne } from '../screening/screen.ts';
import { csvLines } from '../format/csv.ts';
import type { AnalysedReport } from './store.ts';
import type { PartyT } from './schema.ts';

export const DEFAULT_K = 3;

export interface ClusterCounts { readonly id: string; readonly reports: number; readonly members: number; readonly parties: number; readonly identifiers: number; readonly shown: false }

export interface ClusterParty {
  /** `p1`, `p2` … within the cluster: parties with a shared identifier are one node. */
  readonly node: string;
  readonly roles: readonly string[];
  readonly names: readonly string[];
  readonly emails: readonly string[];
  readonly phones: readonly string[];
  readonly domains: readonly string[];
  readonly addresses: readonly string[];
  readonly countries: readonly string[];
  readonly reports: number;
  readonly list_matches: readonly { readonly name: string; readonly list: string; readonly entry: string; readonly band: string; readonly score: number }[];
}

export interface ClusterView {
  readonly id: string;
  readonly shown: true;
  readonly reports: number;
  readonly members: number;
  readonly first_received: string;
  readonly last_received: string;
  readonly items: readonly { readonly eccn: string | null; readonly description: string | null; readonly reports: number }[];
  readonly red_flags: readonly { readonly code: string; readonly reports: number }[];
  readonly countries: readonly string[];
  readonly destinations: readonly string[];
  readonly end_uses_claimed: readonly string[];
  readonly decisions: Readonly<Record<string, number>>;
  readonly parties: readonly ClusterParty[];
  readonly list_matches: number;
  /** Nodes: parties (`p…`), reports (`r…`, numbered within the cluster); edges: a party named in a report. */
  readonly graph: { readonly nodes: readonly { id: string; kind: 'party' | 'report'; label: string }[]; readonly edges: readonly { from: string; to: string; via: readonly string[] }[] };
}

export type Cluster = ClusterView | ClusterCounts;

class UnionFind {
  private parent = new Map<string, string>();
  find(x: string): string {
    let p = this.parent.get(x) ?? x;
    if (p !== x) { p = this.find(p); this.parent.set(x, p); }
    return p;
  }
  union(a: string, b: string): void { const ra = this.find(a); const rb = this.find(b); if (ra !== rb) this.parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb); }
}

/** Groups of report ids sharing an identifier (transitively), largest first. */
export function clusterReports(reports: readonly AnalysedReport[]): AnalysedReport[][] {
  const uf = new UnionFind();
  const byKey = new Map<string, string>();
  for (const r of reports) {
    uf.find(r.id);
    for (const l of r.links) {
      const first = byKey.get(l.key);
      if (first) uf.union(first, r.id);
      else byKey.set(l.key, r.id);
    }
  }
  const groups = new Map<string, AnalysedReport[]>();
  for (const r of reports) { const g = groups.get(uf.find(r.id)) ?? []; g.push(r); groups.set(uf.find(r.id), g); }
  return [...groups.values()].sort((a, b) => b.length - a.length || (a[0]?.id ?? '').localeCompare(b[0]?.id ?? ''));
}

/**
 * A network's id: from its earliest report (report ids are time-ordered UUIDs), so that it stays the same as reports
 * are added (a saved export link keeps working) and changes only when that report is withdrawn or two networks merge.
 */
const clusterId = (rs: readonly AnalysedReport[]) => `n_${createHash('sha256').update(rs.map((r) => r.id).sort()[0] ?? '').digest('base64url').slice(0, 16)}`;
const uniq = (xs: Iterable<string>) => [...new Set(xs)].sort();
const tally = <T extends string>(xs: Iterable<T>) => { const m = new Map<T, number>(); for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1); return m; };

/** The parties of a cluster: those sharing an identifier (within the cluster) are one node. */
function partiesOf(rs: readonly AnalysedReport[]): { parties: { ids: string[]; party: PartyT[]; reports: Set<string>; via: Set<string> }[]; edges: Map<string, { party: number; report: string; via: Set<string> }> } {
  const uf = new UnionFind();
  const byKey = new Map<string, string>();
  const pid = (r: AnalysedReport, i: number) => `${r.id}#${i}`;
  for (const r of rs) {
    r.report.parties.forEach((_p, i) => uf.find(pid(r, i)));
    for (const l of r.links) { const id = pid(r, l.party); const first = byKey.get(l.key); if (first) uf.union(first, id); else byKey.set(l.key, id); }
  }
  const groups = new Map<string, { ids: string[]; party: PartyT[]; reports: Set<string>; via: Set<string> }>();
  for (const r of rs) r.report.parties.forEach((p, i) => {
    const root = uf.find(pid(r, i));
    const g = groups.get(root) ?? { ids: [], party: [], reports: new Set<string>(), via: new Set<string>() };
    g.ids.push(pid(r, i)); g.party.push(p); g.reports.add(r.id);
    for (const l of r.links) if (l.party === i) g.via.add(l.kind);
    groups.set(root, g);
  });
  return { parties: [...groups.values()].sort((a, b) => b.reports.size - a.reports.size), edges: new Map() };
}

export interface NetworkOptions { k?: number; matcher?: Matcher }

/** Every cluster of the reports as an analyst may see it. */
export function networks(reports: readonly AnalysedReport[], opts: NetworkOptions = {}): Cluster[] {
  const k = opts.k ?? DEFAULT_K;
  return clusterReports(reports).map((rs) => {
    const members = new Set(rs.map((r) => r.owner)).size;
    const { parties } = partiesOf(rs);
    const identifiers = new Set(rs.flatMap((r) => r.links.map((l) => l.key))).size;
    const id = clusterId(rs);
    if (members < k) return { id, reports: rs.length, members, parties: parties.length, identifiers, shown: false } satisfies ClusterCounts;
    const reportNode = new Map(rs.map((r, i) => [r.id, `r${i + 1}`]));
    const partyViews: ClusterParty[] = parties.map((g, i) => {
      const names = uniq(g.party.flatMap((p) => p.names));
      const countries = uniq(g.party.flatMap((p) => p.countries ?? []));
      const list_matches = opts.matcher ? names.flatMap((name) => screenOne(opts.matcher as Matcher, { name, ...(countries[0] ? { country: countries[0] } : {}) }).matches.filter((m) => m.band === 'match' || m.band === 'possible_match').slice(0, 3).map((m) => ({ name, list: m.list, entry: m.entry_name, band: m.band, score: m.score }))) : [];
      return {
        node: `p${i + 1}`, roles: uniq(g.party.map((p) => p.role)), names, countries,
        emails: uniq(g.party.flatMap((p) => p.emails ?? [])), phones: uniq(g.party.flatMap((p) => p.phones ?? [])), domains: uniq(g.party.flatMap((p) => p.domains ?? [])),
        addresses: uniq(g.party.flatMap((p) => p.addresses ?? [])), reports: g.reports.size, list_matches,
      };
    });
    const items = tally(rs.flatMap((r) => [...new Set(r.report.items.map((x) => `${x.eccn ?? ''}\u0000${x.eccn ? '' : (x.description ?? '')}`))]));
    const received = rs.map((r) => r.received_at).sort();
    return {
      id, shown: true, reports: rs.length, members,
      first_received: received[0] as string, last_received: received[received.length - 1] as string,
      items: [...items.entries()].map(([k2, n]) => { const [eccn, description] = k2.split('\u0000'); return { eccn: eccn || null, description: description || null, reports: n }; }).sort((a, b) => b.reports - a.reports),
      red_flags: [...tally(rs.flatMap((r) => r.report.red_flags)).entries()].map(([code, n]) => ({ code, reports: n })).sort((a, b) => b.reports - a.reports || a.code.localeCompare(b.code)),
      countries: uniq(rs.flatMap((r) => r.report.parties.flatMap((p) => p.countries ?? []))),
      destinations: uniq(rs.flatMap((r) => (r.report.destination ? [r.report.destination] : []))),
      end_uses_claimed: uniq(rs.flatMap((r) => (r.report.end_uses ?? []) as string[])),
      decisions: Object.fromEntries(tally(rs.map((r) => r.report.decision))),
      parties: partyViews,
      list_matches: partyViews.reduce((n, p) => n + p.list_matches.length, 0),
      graph: {
        nodes: [...partyViews.map((p) => ({ id: p.node, kind: 'party' as const, label: p.names[0] ?? p.emails[0] ?? p.phones[0] ?? p.domains[0] ?? p.node })), ...rs.map((r) => ({ id: reportNode.get(r.id) as string, kind: 'report' as const, label: `report received ${r.received_at}` }))],
        edges: parties.flatMap((g, i) => [...g.reports].map((rid) => ({ from: `p${i + 1}`, to: reportNode.get(rid) as string, via: [...g.via].sort() }))),
      },
    } satisfies ClusterView;
  });
}

/** Fields of the export for the authorities: one row per party of a cluster that meets k (no member identity). */
export const EXPORT_FIELDS = ['cluster_id', 'reports', 'distinct_reporters', 'first_received', 'last_received', 'party', 'party_roles', 'party_names', 'party_addresses', 'party_emails', 'party_phones', 'party_web_domains', 'party_countries', 'items_sought', 'destinations', 'end_uses_claimed', 'red_flags', 'restricted_party_list_matches'] as const;

export function exportRows(c: ClusterView): Record<(typeof EXPORT_FIELDS)[number], string | number>[] {
  const items = c.items.map((x) => `${x.eccn ?? x.description ?? ''} (${x.reports})`).join('; ');
  return c.parties.map((p) => ({
    cluster_id: c.id, reports: c.reports, distinct_reporters: c.members, first_received: c.first_received, last_received: c.last_received,
    party: p.node, party_roles: p.roles.join('; '), party_names: p.names.join('; '), party_addresses: p.addresses.join('; '), party_emails: p.emails.join('; '), party_phones: p.phones.join('; '),
    party_web_domains: p.domains.join('; '), party_countries: p.countries.join('; '), items_sought: items, destinations: c.destinations.join('; '), end_uses_claimed: c.end_uses_claimed.join('; '),
    red_flags: c.red_flags.map((f) => `${f.code} (${f.reports})`).join('; '), restricted_party_list_matches: p.list_matches.map((m) => `${m.name} ~ ${m.entry} [${m.list}, ${m.band} ${m.score.toFixed(2)}]`).join('; '),
  }));
}

export function exportCsv(c: ClusterView): string {
  return csvLines(EXPORT_FIELDS, exportRows(c).map((r) => EXPORT_FIELDS.map((f) => r[f])));
}
