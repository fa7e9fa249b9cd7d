/**
 * @module import/countries
 * Maps the destination names used by the sources (Country Chart rows, Country Group tables) to ISO 3166-1 alpha-2
 * codes. The ISO list comes from `i18n-iso-countries`; the overrides below cover the CFR's own spellings, each
 * checked by hand against the ISO short name.
 */
import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';

const require = createRequire(import.meta.url);
countries.registerLocale(require('i18n-iso-countries/langs/en.json'));

/** CFR spelling → ISO code, where the ISO list does not recognise the CFR name. */
const OVERRIDES: Readonly<Record<string, string>> = {
  'Bahamas, The': 'BS',
  Brunei: 'BN',
  Burma: 'MM',
  'China (PRC)': 'CN',
  'Congo (Democratic Republic of the)': 'CD',
  'Congo (Democratic Republic of)': 'CD',
  'Congo (Republic of the)': 'CG',
  'Gambia, The': 'GM',
  'Korea, North': 'KP',
  'Korea, South': 'KR',
  Laos: 'LA',
  Macau: 'MO',
  'Micronesia (Federated State of)': 'FM',
  Moldova: 'MD',
  Seycheles: 'SC', // sic: the Country Chart's own spelling of Seychelles
  'Sint Maarten (the Dutch two-fifths of the island of Saint Martin)': 'SX',
  'South Sudan, Republic of': 'SS',
  'St. Kitts and Nevis': 'KN',
  'St. Lucia': 'LC',
  'St. Vincent and the Grenadines': 'VC',
  Syria: 'SY',
  'Vatican City': 'VA',
  Kosovo: 'XK', // user-assigned code, used by the EU and most trade systems
  // Spellings used by the Country Group tables (Supp. 1 to Part 740)
  'Bosnia & Herzegovina': 'BA',
  "Cote d'lvoire": 'CI', // sic: lower-case L for I in the source
  'Micronesia, Federated States of': 'FM',
  'Saint Kitts & Nevis': 'KN',
  'Saint Lucia': 'LC',
  'Sao Tome & Principe': 'ST',
  'The Bahamas': 'BS',
  'Trinidad & Tobago': 'TT',
  'United States': 'US',
};

export function isoCodeFor(name: string): string {
  const override = OVERRIDES[name];
  if (override) return override;
  const code = countries.getAlpha2Code(name, 'en');
  if (!code) throw new Error(`no ISO 3166-1 code known for destination name '${name}'; add it to OVERRIDES in src/import/countries.ts`);
  return code;
}

/** The ISO English short name, used as an extra alias. */
export function isoName(code: string): string | undefined {
  return code === 'XK' ? 'Kosovo' : countries.getName(code, 'en');
}
