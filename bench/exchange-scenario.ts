/**
 * A generated suspicious-inquiry scenario for the exchange (issue 10), shared by bench/exchange-linking.ts and
 * tests/exchange/linking.test.ts. Deterministic: the same options (seed included) give the same reports.
 *
 * Planted procurement networks: each has 2–4 front companies in a hub country (or a neighbouring one), each front
 * with a name, a web domain, e-mails (at its domain and sometimes free-mail), phone numbers and an office address.
 * Fronts of one network are tied by shared assets (a contact person's e-mail, a phone, an office). Members report
 * inquiries from the fronts over months; each mention renders the front's identifiers as a reporter would copy them:
 * names with legal forms written differently, transliterations (Cyrillic, kh/h, ya/ia …), one-letter typos and
 * swapped word order; phones in international, E.164, dashed, 00-prefixed, "(0)" and national formats; addresses
 * with abbreviations, the unit first or last, with or without the country; domains with scheme, "www." or a path.
 * A mention carries each identifier with some probability (the party's country in 85 % of mentions), except that
 * the buyer's e-mail or phone number is always on record: that is how the inquiry reached the member.
 *
 * Noise: unrelated companies, one report each, in many countries: distinctive names, generic names ("Global Trading
 * LLC", "Golden Star Trading" …, the same generic name for unrelated companies in different countries), free-mail
 * addresses, phones of the same country codes.
 *
 * The ground truth is at the level of entities (a company name, an e-mail box, a number, an office): every report of
 * a network is connected to the others through entities (the generator repairs a report that is not), and noise
 * reports share no entity with anything. What the bench measures is how well the normalised keys reproduce those
 * entity links.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { InquiryReportT, PartyT } from '../src/exchange/schema.ts';
import { RED_FLAG_CODES } from '../src/engine/red-flags.ts';

export interface ScenarioOptions {
  readonly seed: number;
  readonly networks?: number;
  readonly members?: number;
  readonly noise?: number;
  /** Reports per network, inclusive range. */
  readonly reportsPerNetwork?: readonly [number, number];
}

export type IdentifierKind = 'name' | 'email' | 'phone' | 'address' | 'domain';
/** One identifier as written in a report, with the entity it stands for (ground truth). */
export interface Rendering { readonly kind: IdentifierKind; readonly entity: string; readonly text: string; readonly countries: readonly string[]; readonly variant: string; /** Index of the party in the report. */ readonly party: number }
export interface ScenarioReport {
  readonly member: number;
  /** `N01` … for a planted network, `X001` … for a noise report. */
  readonly truth: string;
  readonly report: InquiryReportT;
  readonly renderings: readonly Rendering[];
}
export interface PlantedNetwork { readonly id: string; readonly hub: string; readonly fronts: readonly string[]; readonly reports: number; readonly members: number; readonly repaired: number }
export interface Scenario {
  readonly options: Required<ScenarioOptions>;
  readonly members: readonly string[];
  readonly networks: readonly PlantedNetwork[];
  readonly reports: readonly ScenarioReport[];
}

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  constructor(readonly next: () => number) {}
  int(lo: number, hi: number): number { return lo + Math.floor(this.next() * (hi - lo + 1)); }
  chance(p: number): boolean { return this.next() < p; }
  pick<T>(xs: readonly T[]): T { return xs[Math.floor(this.next() * xs.length)] as T; }
  weighted<T>(xs: readonly (readonly [T, number])[]): T {
    const total = xs.reduce((n, [, w]) => n + w, 0);
    let r = this.next() * total;
    for (const [x, w] of xs) { r -= w; if (r < 0) return x; }
    return (xs[xs.length - 1] as readonly [T, number])[0];
  }
  shuffle<T>(xs: readonly T[]): T[] { const a = [...xs]; for (let i = a.length - 1; i > 0; i--) { const j = Math.floor(this.next() * (i + 1)); [a[i], a[j]] = [a[j] as T, a[i] as T]; } return a; }
  digits(n: number): string { let s = ''; for (let i = 0; i < n; i++) s += String(this.int(0, 9)); return s; }
}

// --- Vocabulary ---------------------------------------------------------------------------------------------------

/** A word of a company name: its usual Latin spelling, other transliterations, and the Cyrillic original. */
interface Word { readonly lat: string; readonly alt?: readonly string[]; readonly cyr?: string }
const RU_BRAND: readonly Word[] = [
  { lat: 'Zenit', cyr: 'Зенит' }, { lat: 'Vektor', alt: ['Vector'], cyr: 'Вектор' }, { lat: 'Sever', cyr: 'Север' },
  { lat: 'Radian', cyr: 'Радиан' }, { lat: 'Kovcheg', cyr: 'Ковчег' }, { lat: 'Yupiter', alt: ['Iupiter'], cyr: 'Юпитер' },
  { lat: 'Siyaniye', alt: ['Siyanie'], cyr: 'Сияние' }, { lat: 'Zvezda', cyr: 'Звезда' }, { lat: 'Granit', cyr: 'Гранит' },
  { lat: 'Kaskad', cyr: 'Каскад' }, { lat: 'Spektr', cyr: 'Спектр' }, { lat: 'Orbita', cyr: 'Орбита' },
  { lat: 'Impuls', cyr: 'Импульс' }, { lat: 'Tayfun', alt: ['Taifun'], cyr: 'Тайфун' }, { lat: 'Almaz', cyr: 'Алмаз' },
  { lat: 'Kristall', alt: ['Kristal'], cyr: 'Кристалл' }, { lat: 'Volna', cyr: 'Волна' }, { lat: 'Yantar', alt: ['Iantar'], cyr: 'Янтарь' },
  { lat: 'Khimteks', alt: ['Himteks', 'Khimtex'], cyr: 'Химтекс' }, { lat: 'Rubezh', cyr: 'Рубеж' }, { lat: 'Fregat', cyr: 'Фрегат' },
  { lat: 'Meridian', cyr: 'Меридиан' }, { lat: 'Polyus', alt: ['Polius'], cyr: 'Полюс' }, { lat: 'Bars', cyr: 'Барс' },
];
const RU_TRADE: readonly Word[] = [
  { lat: 'Tekhnika', alt: ['Tehnika'], cyr: 'Техника' }, { lat: 'Pribor', cyr: 'Прибор' }, { lat: 'Komplekt', cyr: 'Комплект' },
  { lat: 'Snabzheniye', alt: ['Snabzhenie'], cyr: 'Снабжение' }, { lat: 'Resurs', cyr: 'Ресурс' },
  { lat: 'Tekhnologii', alt: ['Tehnologii', 'Technologii'], cyr: 'Технологии' }, { lat: 'Elektronika', alt: ['Electronika'], cyr: 'Электроника' },
  { lat: 'Komponent', cyr: 'Компонент' }, { lat: 'Postavka', cyr: 'Поставка' }, { lat: 'Avtomatika', cyr: 'Автоматика' },
  { lat: 'Optika', cyr: 'Оптика' }, { lat: 'Mikrosistemy', alt: ['Mikrosistemi'], cyr: 'Микросистемы' },
];
const CN_BRAND: readonly Word[] = ['Huaxin', 'Ruitong', 'Hengtai', 'Jiahe', 'Zhongke', 'Tianyi', 'Kaida', 'Haoyuan', 'Shengda', 'Dingxin', 'Longwei', 'Baisheng', 'Xinda', 'Yuanhang', 'Weixun', 'Chuangxin'].map((lat) => ({ lat }));
const CN_CITY = ['Shenzhen', 'Guangzhou', 'Xiamen', 'Ningbo', 'Suzhou', 'Dongguan'];
const EN_TRADE: readonly Word[] = ['Microelectronics', 'Optoelectronic', 'Precision', 'Instruments', 'Components', 'Semiconductor', 'Automation', 'Photonics', 'Machinery', 'Materials', 'Navigation', 'Avionics'].map((lat) => ({ lat }));
const TR_BRAND: readonly Word[] = [{ lat: 'Anadolu' }, { lat: 'Yıldız', alt: ['Yildiz'] }, { lat: 'Doğan', alt: ['Dogan'] }, { lat: 'Kartal' }, { lat: 'Ergün', alt: ['Ergun'] }, { lat: 'Özkan', alt: ['Ozkan'] }, { lat: 'Bosphor' }, { lat: 'Çelik', alt: ['Celik'] }];
const TR_TRADE: readonly Word[] = [{ lat: 'Elektronik' }, { lat: 'Makina' }, { lat: 'Otomasyon' }, { lat: 'Savunma' }, { lat: 'Optik' }];
const EN_BRAND: readonly Word[] = ['Kestrel', 'Bluewater', 'Pinnacle', 'Harrowgate', 'Ironbridge', 'Lumenor', 'Northgate', 'Vantage', 'Corvid', 'Halcyon', 'Redfern', 'Tamarind'].map((lat) => ({ lat }));

/** Legal forms as reporters write them, by country (each mention picks one). */
const FORMS: Readonly<Record<string, readonly string[]>> = {
  AE: ['LLC', 'L.L.C.', 'Limited Liability Company', 'FZE', 'FZCO', 'FZ-LLC', 'General Trading LLC', ''],
  HK: ['Limited', 'Ltd', 'Ltd.', 'Co., Limited', 'Company Limited', ''],
  CN: ['Co., Ltd.', 'Co Ltd', 'Company Limited', 'Co., Limited', ''],
  TR: ['Ltd. Şti.', 'Ltd. Sti.', 'Sanayi ve Ticaret Ltd. Şti.', 'San. ve Tic. Ltd. Şti.', 'Ltd', ''],
  AM: ['LLC', 'L.L.C.', 'CJSC', ''],
  KZ: ['LLP', 'TOO', 'Limited Liability Partnership', ''],
  GE: ['LLC', 'Ltd', ''],
  KG: ['LLC', 'OsOO', 'Ltd', ''],
  MY: ['Sdn Bhd', 'Sdn. Bhd.', 'Sendirian Berhad', ''],
  SG: ['Pte Ltd', 'Pte. Ltd.', 'Private Limited', ''],
  RU: ['LLC', 'OOO', 'JSC', 'AO', ''],
};
const OTHER_FORMS = ['GmbH', 'Ltd', 'Inc.', 'S.r.l.', 'SARL', 'B.V.', 'AB', 'LLC', 'Co., Ltd.', 'Pvt. Ltd.', 'S.A.', 'Sp. z o.o.'];

/** Networks' hubs, in order; a front sometimes sits in the neighbouring hub. */
const HUBS = ['AE', 'HK', 'TR', 'AM', 'KZ', 'CN', 'GE', 'MY', 'KG', 'SG'] as const;
const NEIGHBOUR: Readonly<Record<string, string>> = { AE: 'TR', HK: 'CN', TR: 'AE', AM: 'GE', KZ: 'KG', CN: 'HK', GE: 'AM', MY: 'SG', KG: 'KZ', SG: 'MY' };
const NOISE_COUNTRIES = ['AE', 'HK', 'CN', 'TR', 'KZ', 'DE', 'IT', 'FR', 'US', 'IN', 'JP', 'PL', 'RS', 'TH', 'UZ', 'SG', 'MY'] as const;

/** National significant number prefixes that make valid numbers (digits after them are random). */
const PHONE_PLANS: Readonly<Record<string, readonly (readonly [string, number])[]>> = {
  AE: [['9714', 7], ['97150', 7], ['97155', 7]], HK: [['8522', 7], ['8529', 7], ['8526', 7]], CN: [['86755', 8], ['86138', 8], ['8620', 8]],
  TR: [['90212', 7], ['90532', 7]], AM: [['37410', 6], ['37477', 6]], KZ: [['7727', 7], ['7701', 7]], GE: [['995322', 6], ['995599', 6]],
  KG: [['996312', 6], ['996555', 6]], MY: [['603', 8], ['6012', 7]], SG: [['656', 7], ['658', 7]], RU: [['7495', 7], ['7916', 7]],
  DE: [['4930', 7], ['4989', 7]], IT: [['3902', 8]], FR: [['331', 8]], US: [['1212', 7], ['1415', 7]], IN: [['9122', 8]], JP: [['813', 8]],
  PL: [['4822', 7]], RS: [['38111', 7]], TH: [['662', 7]], UZ: [['99871', 7]],
};

/** The country as written at the end of an address. */
const COUNTRY_WRITTEN: Readonly<Record<string, readonly string[]>> = {
  AE: ['UAE', 'United Arab Emirates', 'U.A.E.'], HK: ['Hong Kong', 'HK', 'Hong Kong SAR'], CN: ['China', 'PRC', 'P.R. China', "People's Republic of China"],
  TR: ['Turkey', 'Türkiye', 'Turkiye'], AM: ['Armenia', 'Republic of Armenia'], KZ: ['Kazakhstan', 'Republic of Kazakhstan'], GE: ['Georgia'],
  KG: ['Kyrgyzstan', 'Kyrgyz Republic'], MY: ['Malaysia'], SG: ['Singapore'], RU: ['Russia', 'Russian Federation'], DE: ['Germany', 'Deutschland'],
  IT: ['Italy', 'Italia'], FR: ['France'], US: ['USA', 'United States'], IN: ['India'], JP: ['Japan'], PL: ['Poland', 'Polska'], RS: ['Serbia'],
  TH: ['Thailand'], UZ: ['Uzbekistan'],
};
/** Office addresses: building or street names and districts/cities by country. */
const PLACES: Readonly<Record<string, { readonly buildings: readonly string[]; readonly streets: readonly string[]; readonly areas: readonly string[] }>> = {
  AE: { buildings: ['Al Maktoum', 'Al Attar', 'Business Bay Executive', 'Citadel', 'Prime', 'Fortune'], streets: ['Sheikh Zayed', 'Al Rigga', 'Baniyas', 'Al Khaleej'], areas: ['Deira, Dubai', 'Business Bay, Dubai', 'JLT, Dubai', 'Sharjah'] },
  HK: { buildings: ['Wing Fat Commercial', 'Hang Seng Mongkok', 'Tai Yau', 'Kwai Cheong Centre', 'Lippo Sun Plaza'], streets: ['Connaught', 'Nathan', 'Des Voeux', 'Hennessy'], areas: ['Sheung Wan', 'Mong Kok', 'Wan Chai', 'Kwai Chung'] },
  CN: { buildings: ['Saige Science Park', 'Huaqiang Plaza', 'Tianan Cyber', 'Zhongshen Garden'], streets: ['Shennan', 'Huaqiang North', 'Keyuan', 'Binhe'], areas: ['Futian District, Shenzhen', 'Nanshan District, Shenzhen', 'Tianhe District, Guangzhou'] },
  TR: { buildings: ['Plaza Istanbul', 'Nida Kule', 'Polat', 'Eston'], streets: ['Buyukdere', 'Ataturk', 'Inonu', 'Cumhuriyet'], areas: ['Sisli, Istanbul', 'Kadikoy, Istanbul', 'Ankara'] },
  AM: { buildings: ['Elite Plaza', 'Yerevan Plaza', 'Kaskad'], streets: ['Tigran Mets', 'Abovyan', 'Mashtots', 'Baghramyan'], areas: ['Yerevan', 'Kentron, Yerevan'] },
  KZ: { buildings: ['Nurly Tau', 'Esentai', 'Samal'], streets: ['Abay', 'Dostyk', 'Al-Farabi', 'Satpaev'], areas: ['Almaty', 'Astana'] },
  GE: { buildings: ['King David', 'Axis', 'Pixel'], streets: ['Rustaveli', 'Chavchavadze', 'Kostava', 'Tsereteli'], areas: ['Tbilisi', 'Batumi'] },
  KG: { buildings: ['Orion', 'Vefa', 'Asia Mall'], streets: ['Chui', 'Manas', 'Toktogul', 'Kievskaya'], areas: ['Bishkek', 'Osh'] },
  MY: { buildings: ['Menara Keck Seng', 'Wisma Hong Leong', 'Plaza Damas'], streets: ['Jalan Ampang', 'Jalan Sultan Ismail', 'Jalan Tun Razak'], areas: ['Kuala Lumpur', 'Penang'] },
  SG: { buildings: ['Tampines Grande', 'Ubi Techpark', 'Paya Lebar Square'], streets: ['Ubi', 'Tampines', 'Kallang', 'Jurong East'], areas: ['Singapore'] },
};
const GENERIC_PLACE = { buildings: ['Central', 'Riverside', 'Park', 'Harbour', 'Parkview', 'Lakeside'], streets: ['Main', 'Station', 'Market', 'Mill', 'Church', 'King'], areas: ['Centre', 'North', 'Old Town', 'Harbour District'] };
/** How a label may be written; every spelling of one label folds to the same token (exchange/identifiers.ts). */
const LABELS: Readonly<Record<string, readonly string[]>> = {
  office: ['Office', 'Ofc.', 'Office No.'], room: ['Room', 'Rm', 'Rm.', 'Room No.'], suite: ['Suite', 'Ste.', 'Suite No.'],
  building: ['Building', 'Bldg.', 'Bldg', 'Bld.'], tower: ['Tower', 'Twr'], street: ['Street', 'St.', 'St', 'Str.'], road: ['Road', 'Rd.', 'Rd'],
  avenue: ['Avenue', 'Ave.', 'Av.'], floor: ['Floor', 'Fl.', 'Flr'],
};

/** Generic company names: several unrelated companies in different countries carry each one. */
export const GENERIC_NAMES = ['Global Trading', 'General Trading', 'Golden Star Trading', 'Silk Road Trading', 'Eastern Star', 'Asia Pacific Trading', 'Sunrise Electronics', 'Universal Supply', 'Prime Industrial Equipment', 'Smart Technology', 'Grand Ocean', 'New Horizon Trading'];
const NOISE_BRAND = ['Aldebaran', 'Brightwell', 'Caspian', 'Delmonte', 'Edelweiss', 'Fairhaven', 'Glenmore', 'Hawthorne', 'Isara', 'Juniper', 'Kingsley', 'Lindqvist', 'Marchetti', 'Nakamura', 'Oberland', 'Parnell', 'Quintero', 'Rosenthal', 'Sakura', 'Thornbury', 'Ulrich', 'Valverde', 'Westbrook', 'Yamada', 'Zielinski', 'Arkwright', 'Bellamy', 'Castellano', 'Dufresne', 'Eriksen', 'Fontaine', 'Gallagher', 'Hartmann', 'Iwasaki', 'Jankowski', 'Kovalenko', 'Lombardi', 'Moreau', 'Novak', 'Okafor', 'Petrovic', 'Quaresma', 'Rinaldi', 'Sorensen', 'Takahashi', 'Urquhart', 'Vasquez', 'Whitfield', 'Xenakis', 'Yilmazer', 'Zamora'];
const NOISE_TRADE = ['Optics', 'Instruments', 'Components', 'Machinery', 'Controls', 'Laboratories', 'Sensors', 'Photonics', 'Hydraulics', 'Metrology', 'Robotics', 'Pumps', 'Valves', 'Cables', 'Coatings', 'Analytics'];
const FREE_MAIL = ['gmail.com', 'yahoo.com', 'hotmail.com', 'outlook.com', 'mail.ru', 'yandex.ru', '163.com', 'qq.com'];
const PEOPLE = ['a.petrov', 'm.karimi', 'li.wei', 'zhang.hui', 'd.sokolov', 'o.ivanova', 'k.aliev', 's.yilmaz', 'n.grigoryan', 'b.nurlanov', 't.beridze', 'r.tan', 'j.lim', 'v.orlov', 'e.kuznetsova', 'h.rahimi'];
const LOCAL_PARTS = ['sales', 'info', 'purchase', 'procurement', 'office', 'export', 'import', 'supply', 'tender', 'order'];
const TLD: Readonly<Record<string, string>> = { AE: 'ae', HK: 'com.hk', CN: 'cn', TR: 'com.tr', AM: 'am', KZ: 'kz', GE: 'ge', KG: 'kg', MY: 'com.my', SG: 'sg', RU: 'ru', DE: 'de', IT: 'it', FR: 'fr', US: 'com', IN: 'in', JP: 'jp', PL: 'pl', RS: 'rs', TH: 'co.th', UZ: 'uz' };
const ITEMS = ['3A001.a.2.c', '3A001.b.2', '3A991.a.1', '3A090.a', '4A994.b', '5A002.a', '5A991.b.1', '5A992.c', '2B001.b', '2B350.g', '6A003.b.4', '7A003.a', '7A994', '9A012', '1C010.b', '3B001.c', 'EAR99'];
const DESCRIPTIONS = ['FPGA', 'microcontrollers', 'GNSS modules', 'thermal imaging cores', 'RF amplifiers', 'CNC spindle', 'servo valves', 'oscilloscopes', 'carbon fibre prepreg', 'encrypted radios', 'ball bearings', 'connectors'];
const CLAIMED = ['university laboratory', 'oil and gas instrumentation', 'civil aviation spare parts', 'agricultural drones', 'telecom maintenance', 'medical imaging', 'resale to local distributors', 'mining equipment'];

// --- Entities -----------------------------------------------------------------------------------------------------

interface Name { readonly id: string; readonly words: readonly Word[]; readonly country: string; readonly city?: string; readonly generic?: string }
interface Phone { readonly id: string; readonly e164: string; readonly country: string }
interface Address { readonly id: string; readonly country: string; readonly unit: readonly [string, string]; readonly place: { readonly kind: 'building' | 'tower'; readonly name: string } | { readonly kind: 'street' | 'road' | 'avenue'; readonly name: string; readonly number: string }; readonly area: string; readonly floor?: string }
interface Email { readonly id: string; readonly address: string }
interface Front { readonly name: Name; readonly country: string; readonly domain: string; readonly emails: Email[]; readonly phones: Phone[]; readonly addresses: Address[] }

function makePhone(rng: Rng, country: string, used: Set<string>): Phone {
  const plans = PHONE_PLANS[country] ?? PHONE_PLANS.DE as readonly (readonly [string, number])[];
  for (let attempt = 0; attempt < 200; attempt++) {
    const [prefix, n] = rng.pick(plans);
    const e164 = `+${prefix}${rng.digits(n)}`;
    if (used.has(e164)) continue;
    const p = parsePhoneNumberFromString(e164);
    if (p?.isValid()) { used.add(e164); return { id: `phone:${e164}`, e164, country }; }
  }
  throw new Error(`no valid phone number for ${country}`);
}

function makeAddress(rng: Rng, country: string, used: Set<string>): Address {
  const places = PLACES[country] ?? GENERIC_PLACE;
  for (let attempt = 0; attempt < 200; attempt++) {
    const unitLabel = rng.pick(['office', 'room', 'suite']);
    const unit: [string, string] = [unitLabel, String(rng.int(1, 40) * 100 + rng.int(1, 30))];
    const place = rng.chance(0.5)
      ? { kind: rng.pick(['building', 'tower'] as const), name: rng.pick(places.buildings) }
      : { kind: rng.pick(['street', 'road', 'avenue'] as const), name: rng.pick(places.streets), number: String(rng.int(1, 250)) };
    const area = rng.pick(places.areas);
    const floor = country === 'HK' ? String(Number(unit[1].slice(0, -2)) || 1) : undefined;
    const key = JSON.stringify([unit, place, area]);
    if (used.has(key)) continue;
    used.add(key);
    return { id: `address:${key}`, country, unit, place, area, ...(floor ? { floor } : {}) };
  }
  throw new Error('no distinct address');
}

const slug = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/ı/g, 'i').replace(/[^a-z0-9]+/g, '');

// --- Renderings ---------------------------------------------------------------------------------------------------

const TYPO_LETTERS = 'abcdefghijklmnoprstuvz';
/** One-letter typo: a substitution, a deletion, a doubled letter or two neighbours swapped. */
function typo(rng: Rng, w: string): string {
  if (w.length < 4) return w;
  const i = rng.int(1, w.length - 2);
  switch (rng.int(0, 3)) {
    case 0: return w.slice(0, i) + rng.pick([...TYPO_LETTERS].filter((c) => c !== w[i]?.toLowerCase())) + w.slice(i + 1);
    case 1: return w.slice(0, i) + w.slice(i + 1);
    case 2: return w.slice(0, i) + (w[i] as string) + w.slice(i);
    default: return w.slice(0, i) + (w[i + 1] as string) + (w[i] as string) + w.slice(i + 2);
  }
}

function renderName(rng: Rng, n: Name): { text: string; variant: string } {
  const forms = FORMS[n.country] ?? OTHER_FORMS;
  if (n.generic) {
    const form = rng.pick(forms);
    return { text: `${rng.chance(0.3) ? n.generic.toUpperCase() : n.generic}${form ? ` ${form}` : ''}`, variant: 'generic' };
  }
  const variants: string[] = [];
  // Cyrillic original of a Russian name.
  if (n.words.every((w) => w.cyr) && rng.chance(0.12)) {
    const words = n.words.map((w) => w.cyr as string);
    return { text: `${rng.pick(['ООО', 'АО', 'ТОО'])} «${words.join(' ')}»`, variant: 'cyrillic' };
  }
  let words = n.words.map((w) => {
    if (w.alt?.length && rng.chance(0.3)) { variants.push('transliteration'); return rng.pick(w.alt); }
    return w.lat;
  });
  if (rng.chance(0.1)) {
    const i = rng.int(0, words.length - 1);
    const t = typo(rng, words[i] as string);
    if (t !== words[i]) { words[i] = t; variants.push('typo'); }
  }
  if (words.length > 1 && rng.chance(0.2)) { words = [...words.slice(1), words[0] as string]; variants.push('word_order'); }
  let text = words.join(' ');
  if (n.city) text = rng.chance(0.25) ? `${text} (${n.city})` : `${n.city} ${text}`;
  const form = rng.pick(forms);
  if (form) text = rng.chance(0.15) ? `${text}, ${form}` : `${text} ${form}`;
  if (rng.chance(0.2)) { text = text.toUpperCase(); variants.push('case'); }
  return { text, variant: variants.length ? variants.join('+') : 'legal_form' };
}

/** A phone as written; national formats only when the party's country, given in the report, is the number's own. */
function renderPhone(rng: Rng, p: Phone, withCountry: boolean): { text: string; variant: string } {
  const x = parsePhoneNumberFromString(p.e164) as NonNullable<ReturnType<typeof parsePhoneNumberFromString>>;
  const intl = x.formatInternational();
  const national = x.formatNational();
  const options: [string, string, number][] = [
    ['international', intl, 3], ['e164', p.e164, 1], ['dashed', intl.replace(/ /g, '-'), 1], ['idd_00', `00${intl.slice(1)}`, 1],
    ...(withCountry ? [['national', national, 2] as [string, string, number]] : []),
    ...(national.startsWith('0') ? [['trunk_in_parentheses', `+${x.countryCallingCode} (0)${national.slice(1).replace(/^[()\s]+/, '')}`, 0.5] as [string, string, number]] : []),
  ];
  const [variant, text] = rng.weighted(options.map(([v, t, w]) => [[v, t], w] as const));
  return { text, variant };
}

function renderAddress(rng: Rng, a: Address): { text: string; variant: string } {
  const label = (k: string) => rng.pick(LABELS[k] as readonly string[]);
  const variants: string[] = [];
  const unit = `${label(a.unit[0])} ${a.unit[1]}`;
  const place = 'number' in a.place
    ? `${a.place.number} ${a.place.name} ${label(a.place.kind)}`
    : `${a.place.name.replace(/^Al /, rng.chance(0.3) ? 'Al-' : 'Al ')} ${label(a.place.kind)}`;
  const floor = a.floor ? `${a.floor}/F` : undefined;
  let parts = [unit, ...(floor ? [floor] : []), place];
  if (rng.chance(0.35)) { parts = [place, ...(floor ? [floor] : []), unit]; variants.push('unit_last'); }
  parts.push(a.area);
  const country = rng.weighted([[undefined, 2], [rng.pick(COUNTRY_WRITTEN[a.country] ?? [a.country]), 3]] as const);
  if (country) parts.push(country); else variants.push('no_country');
  let text = parts.join(rng.chance(0.8) ? ', ' : ' ');
  if (rng.chance(0.15)) { text = text.toUpperCase(); variants.push('case'); }
  return { text, variant: variants.length ? variants.join('+') : 'abbreviations' };
}

function renderDomain(rng: Rng, d: string): { text: string; variant: string } {
  return rng.weighted([[{ text: d, variant: 'bare' }, 2], [{ text: `www.${d}`, variant: 'www' }, 2], [{ text: `https://www.${d}/`, variant: 'url' }, 2], [{ text: `http://${d}/contact`, variant: 'url_path' }, 1], [{ text: `WWW.${d.toUpperCase()}`, variant: 'upper' }, 1]] as const);
}

function renderEmail(rng: Rng, e: string): { text: string; variant: string } {
  if (rng.chance(0.15)) { const [l, d] = e.split('@') as [string, string]; return { text: `${l.charAt(0).toUpperCase()}${l.slice(1)}@${d.toUpperCase()}`, variant: 'case' }; }
  return { text: e, variant: 'as_is' };
}

// --- The scenario -------------------------------------------------------------------------------------------------

const isoDate = (base: Date, days: number) => new Date(base.getTime() + days * 86_400_000).toISOString().slice(0, 10);
const START = new Date('2025-01-06T00:00:00Z');

export function generateScenario(opts: ScenarioOptions): Scenario {
  const o: Required<ScenarioOptions> = { networks: 10, members: 20, noise: 90, reportsPerNetwork: [12, 20], ...opts };
  const rng = new Rng(prng(o.seed));
  const usedNames = new Set<string>();
  const usedPhones = new Set<string>();
  const usedAddresses = new Set<string>();
  const usedDomains = new Set<string>();
  const members = Array.from({ length: o.members }, (_, i) => `${rng.pick(['Nordlicht', 'Altmark', 'Brightline', 'Cedarwood', 'Dunmore', 'Elbtal', 'Fjordvik', 'Greywater'])} ${rng.pick(['Optics', 'Instruments', 'Semiconductors', 'Controls', 'Systems'])} member-${String(i + 1).padStart(2, '0')}`);
  const genericUse = new Map<string, Set<string>>(); // generic name → countries it is already used in

  const newName = (country: string, pools: readonly (readonly Word[])[], city?: string): Name => {
    for (let attempt = 0; attempt < 500; attempt++) {
      const words = pools.map((p) => rng.pick(p));
      const key = [...words.map((w) => w.lat.toLowerCase())].sort().join(' ');
      if (new Set(words.map((w) => w.lat)).size < words.length || usedNames.has(key)) continue;
      usedNames.add(key);
      return { id: `name:${key}`, words, country, ...(city ? { city } : {}) };
    }
    throw new Error('out of distinct names');
  };
  /** A generic name not yet used in this country (unrelated companies elsewhere may carry it). */
  const genericName = (country: string): Name | undefined => {
    for (const g of rng.shuffle(GENERIC_NAMES)) {
      const cs = genericUse.get(g) ?? new Set<string>();
      if (cs.has(country)) continue;
      cs.add(country); genericUse.set(g, cs);
      return { id: `name:${g.toLowerCase()}|${country}`, words: [], country, generic: g };
    }
    return undefined;
  };
  const namePools = (country: string): { pools: readonly (readonly Word[])[]; city?: string } => {
    if (country === 'HK' || country === 'CN') return { pools: [CN_BRAND, EN_TRADE], city: country === 'CN' ? rng.pick(CN_CITY) : undefined };
    if (country === 'TR') return { pools: [TR_BRAND, TR_TRADE] };
    if (country === 'MY' || country === 'SG') return { pools: [EN_BRAND, EN_TRADE] };
    return { pools: [RU_BRAND, RU_TRADE] };
  };
  const newDomain = (base: string, country: string): string => {
    for (let i = 0; ; i++) {
      const d = `${base}${i ? String(i + 1) : ''}.${TLD[country] ?? 'com'}`;
      if (!usedDomains.has(d)) { usedDomains.add(d); return d; }
    }
  };

  const networks: PlantedNetwork[] = [];
  const reports: ScenarioReport[] = [];
  const redFlags = RED_FLAG_CODES.filter((c) => c !== 'similar_to_denied_party');

  for (let ni = 0; ni < o.networks; ni++) {
    const id = `N${String(ni + 1).padStart(2, '0')}`;
    const hub = HUBS[ni % HUBS.length] as string;
    const fronts: Front[] = [];
    const nFronts = rng.int(2, 4);
    for (let fi = 0; fi < nFronts; fi++) {
      const country = fi > 0 && rng.chance(0.25) ? (NEIGHBOUR[hub] as string) : hub;
      // About one network in five has a front with a generic name (unrelated companies elsewhere share it).
      const name = (fi === 0 && ni % 5 === 2 ? genericName(country) : undefined) ?? (() => { const p = namePools(country); return newName(country, p.pools, p.city); })();
      const domain = newDomain(slug(name.generic ?? name.words.map((w) => w.lat).join('-')).slice(0, 18) || 'front', country);
      const emails: Email[] = [rng.pick(LOCAL_PARTS), ...(rng.chance(0.5) ? [rng.pick(PEOPLE)] : [])].map((l) => ({ id: `email:${l}@${domain}`, address: `${l}@${domain}` }));
      const uniqEmails = [...new Map(emails.map((e) => [e.id, e])).values()];
      if (rng.chance(0.4)) { const a = `${slug(name.generic ?? (name.words[0] as Word).lat)}.${rng.pick(['buy', 'trade', 'supply', 'office'])}${rng.int(1, 99)}@${rng.pick(FREE_MAIL)}`; uniqEmails.push({ id: `email:${a}`, address: a }); }
      fronts.push({ name, country, domain, emails: uniqEmails, phones: Array.from({ length: rng.int(1, 2) }, () => makePhone(rng, country, usedPhones)), addresses: [makeAddress(rng, country, usedAddresses)] });
    }
    // Shared assets tie each front to an earlier one: a contact person's e-mail, a phone, or the office.
    for (let fi = 1; fi < fronts.length; fi++) {
      const a = fronts[fi] as Front;
      const b = fronts[rng.int(0, fi - 1)] as Front;
      const kind = rng.pick(['email', 'phone', 'address'] as const);
      if (kind === 'email') {
        const addr = rng.chance(0.5) ? `${rng.pick(PEOPLE)}${rng.int(1, 99)}@${rng.pick(FREE_MAIL)}` : `${rng.pick(PEOPLE)}@${b.domain}`;
        const e = { id: `email:${addr}`, address: addr };
        a.emails.push(e); b.emails.push(e);
      } else if (kind === 'phone') a.phones.push(b.phones[0] as Phone);
      else a.addresses.push(b.addresses[0] as Address);
    }

    const nReports = rng.int(o.reportsPerNetwork[0], o.reportsPerNetwork[1]);
    const reporters = rng.shuffle(members.map((_, i) => i)).slice(0, Math.min(o.members, rng.int(3, 8)));
    const startDay = rng.int(0, 300);
    const span = rng.int(90, 420);
    const items = rng.shuffle(ITEMS).slice(0, 4);
    const networkReports: ScenarioReport[] = [];
    for (let ri = 0; ri < nReports; ri++) {
      const channel = rng.weighted([['email', 5], ['web_form', 2], ['phone', 1], ['distributor', 1], ['trade_show', 0.5], ['marketplace', 0.5]] as const);
      const renderings: Rendering[] = [];
      const mention = (f: Front, role: PartyT['role'], index: number): PartyT => {
        const withCountry = rng.chance(0.85);
        const countries = withCountry ? [f.country] : [];
        const add = (kind: IdentifierKind, entity: string, r: { text: string; variant: string }) => { renderings.push({ kind, entity, text: r.text, countries, variant: r.variant, party: index }); return r.text; };
        const party: { -readonly [K in keyof PartyT]: PartyT[K] } = { role, names: [add('name', f.name.id, renderName(rng, f.name))] };
        if (rng.chance(channel === 'email' || channel === 'web_form' ? 0.9 : 0.4)) { const e = rng.pick(f.emails); party.emails = [add('email', e.id, renderEmail(rng, e.address))]; }
        if (rng.chance(channel === 'phone' ? 0.95 : 0.5)) { const p = rng.pick(f.phones); party.phones = [add('phone', p.id, renderPhone(rng, p, withCountry && p.country === f.country))]; }
        // The inquiry reached the member somehow: the buyer's e-mail or number is always on record.
        if (role === 'buyer' && !party.emails && !party.phones) {
          if (channel === 'phone') { const p = rng.pick(f.phones); party.phones = [add('phone', p.id, renderPhone(rng, p, withCountry && p.country === f.country))]; }
          else { const e = rng.pick(f.emails); party.emails = [add('email', e.id, renderEmail(rng, e.address))]; }
        }
        if (rng.chance(0.45)) { const a = rng.pick(f.addresses); party.addresses = [add('address', a.id, renderAddress(rng, a))]; }
        if (rng.chance(0.3)) party.domains = [add('domain', `domain:${f.domain}`, renderDomain(rng, f.domain))];
        if (countries.length) party.countries = countries;
        return party;
      };
      const primary = rng.pick(fronts);
      const parties: PartyT[] = [mention(primary, 'buyer', 0)];
      if (fronts.length > 1 && rng.chance(0.35)) parties.push(mention(rng.pick(fronts.filter((f) => f !== primary)), rng.pick(['ultimate_consignee', 'intermediate_consignee', 'payer', 'freight_forwarder'] as const), 1));
      const received = isoDate(START, startDay + rng.int(0, span));
      const report: InquiryReportT = {
        received_at: received, channel,
        items: Array.from({ length: rng.int(1, 3) }, () => ({ eccn: rng.pick(items), description: rng.pick(DESCRIPTIONS), quantity: rng.int(1, 500) })),
        end_use_claimed: rng.pick(CLAIMED),
        destination: rng.chance(0.8) ? primary.country : 'RU',
        parties,
        red_flags: rng.shuffle(redFlags).slice(0, rng.int(1, 4)),
        decision: rng.weighted([['declined', 8], ['pending', 2], ['licensed', 0.5]] as const),
        notes: `internal note ${id.toLowerCase()}-${ri}: ${rng.pick(['pushed for fast delivery', 'refused to name the end user', 'offered to pay in cash', 'asked to split the shipment'])}`,
      };
      networkReports.push({ member: rng.pick(reporters), truth: id, report, renderings });
    }
    // Every report must be tied to the others through entities; a report that is not gets one more identifier of
    // its front that another report of the network carries.
    let repaired = 0;
    for (let pass = 0; pass < 50; pass++) {
      const comps = entityComponents(networkReports);
      if (new Set(comps).size === 1) break;
      const main = mode(comps);
      const idx = comps.findIndex((c) => c !== main);
      const lonely = networkReports[idx] as ScenarioReport;
      const inMain = new Set(networkReports.filter((_, i) => comps[i] === main).flatMap((r) => r.renderings.map((x) => x.entity)));
      const front = fronts.find((f) => f.name.id === lonely.renderings[0]?.entity) as Front;
      const party = lonely.report.parties[0] as { -readonly [K in keyof PartyT]: PartyT[K] };
      const countries = party.countries ?? [];
      const e = front.emails.find((x) => inMain.has(x.id));
      const p = front.phones.find((x) => inMain.has(x.id));
      const renderings = lonely.renderings as Rendering[];
      if (e) { const r = renderEmail(rng, e.address); party.emails = [...(party.emails ?? []), r.text]; renderings.push({ kind: 'email', entity: e.id, text: r.text, countries, variant: r.variant, party: 0 }); }
      else if (p) { const r = renderPhone(rng, p, countries[0] === p.country); party.phones = [...(party.phones ?? []), r.text]; renderings.push({ kind: 'phone', entity: p.id, text: r.text, countries, variant: r.variant, party: 0 }); }
      else if (inMain.has(`domain:${front.domain}`)) { const r = renderDomain(rng, front.domain); party.domains = [...(party.domains ?? []), r.text]; renderings.push({ kind: 'domain', entity: `domain:${front.domain}`, text: r.text, countries, variant: r.variant, party: 0 }); }
      else {
        // Nothing of this front is in the main part yet: give a main-part report the front's first e-mail too.
        const other = networkReports.find((_, i) => comps[i] === main) as ScenarioReport;
        const op = other.report.parties[0] as { -readonly [K in keyof PartyT]: PartyT[K] };
        const mail = front.emails[0] as Email;
        const r1 = renderEmail(rng, mail.address);
        const r2 = renderEmail(rng, mail.address);
        party.emails = [...(party.emails ?? []), r1.text];
        renderings.push({ kind: 'email', entity: mail.id, text: r1.text, countries, variant: r1.variant, party: 0 });
        // The main-part report names this front as a further party (e.g. the consignee it gave).
        (other.report.parties as PartyT[]).push({ role: 'ultimate_consignee', names: [], emails: [r2.text], ...(op.countries ? { countries: [front.country] } : {}) });
        (other.renderings as Rendering[]).push({ kind: 'email', entity: mail.id, text: r2.text, countries: op.countries ? [front.country] : [], variant: r2.variant, party: other.report.parties.length - 1 });
      }
      repaired++;
    }
    reports.push(...networkReports);
    networks.push({ id, hub, fronts: fronts.map((f) => f.name.id), reports: networkReports.length, members: new Set(networkReports.map((r) => r.member)).size, repaired });
  }

  // Noise: unrelated companies, one report each.
  for (let xi = 0; xi < o.noise; xi++) {
    const id = `X${String(xi + 1).padStart(3, '0')}`;
    const country = rng.pick(NOISE_COUNTRIES);
    const generic = rng.chance(0.3) ? genericName(country) : undefined;
    const name: Name = generic ?? (() => {
      for (;;) {
        const w = [rng.pick(NOISE_BRAND), rng.pick(NOISE_TRADE)];
        const key = [...w.map((x) => x.toLowerCase())].sort().join(' ');
        if (!usedNames.has(key)) { usedNames.add(key); return { id: `name:${key}`, words: w.map((lat) => ({ lat })), country }; }
      }
    })();
    const freeMail = rng.chance(0.4);
    const domain = newDomain(slug(name.generic ?? name.words.map((w) => w.lat).join('')).slice(0, 16), country);
    const email = freeMail ? `${slug(name.generic ?? (name.words[0] as Word).lat)}.${rng.pick(LOCAL_PARTS)}${rng.int(100, 999)}@${rng.pick(FREE_MAIL)}` : `${rng.pick(LOCAL_PARTS)}@${domain}`;
    const channel = rng.weighted([['email', 5], ['web_form', 2], ['phone', 1], ['distributor', 1], ['trade_show', 1]] as const);
    const withCountry = rng.chance(0.85);
    const countries = withCountry ? [country] : [];
    const renderings: Rendering[] = [];
    const add = (kind: IdentifierKind, entity: string, r: { text: string; variant: string }) => { renderings.push({ kind, entity, text: r.text, countries, variant: r.variant, party: 0 }); return r.text; };
    const party: { -readonly [K in keyof PartyT]: PartyT[K] } = { role: 'buyer', names: [add('name', name.id, renderName(rng, name))] };
    if (rng.chance(0.85)) party.emails = [add('email', `email:${email}`, renderEmail(rng, email))];
    if (rng.chance(0.6) || !party.emails) { const p = makePhone(rng, country, usedPhones); party.phones = [add('phone', p.id, renderPhone(rng, p, withCountry))]; }
    if (rng.chance(0.5)) { const a = makeAddress(rng, country, usedAddresses); party.addresses = [add('address', a.id, renderAddress(rng, a))]; }
    if (!freeMail && rng.chance(0.4)) party.domains = [add('domain', `domain:${domain}`, renderDomain(rng, domain))];
    if (countries.length) party.countries = countries;
    reports.push({
      member: rng.int(0, o.members - 1), truth: id, renderings,
      report: {
        received_at: isoDate(START, rng.int(0, 540)), channel,
        items: [{ eccn: rng.pick(ITEMS), description: rng.pick(DESCRIPTIONS), quantity: rng.int(1, 50) }],
        end_use_claimed: rng.pick(CLAIMED), destination: country, parties: [party],
        red_flags: rng.shuffle(redFlags).slice(0, rng.int(0, 2)), decision: rng.weighted([['declined', 2], ['shipped_after_review', 3], ['licensed', 1], ['pending', 1]] as const),
      },
    });
  }
  // Reports arrive interleaved, as members file them.
  return { options: o, members, networks, reports: rng.shuffle(reports).sort((a, b) => a.report.received_at.localeCompare(b.report.received_at)) };
}

/** Component number of each report when reports are joined by shared entities (the ground truth of linking). */
export function entityComponents(rs: readonly ScenarioReport[]): number[] {
  const parent = rs.map((_, i) => i);
  const find = (i: number): number => { while (parent[i] !== i) { parent[i] = parent[parent[i] as number] as number; i = parent[i] as number; } return i; };
  const first = new Map<string, number>();
  rs.forEach((r, i) => { for (const x of r.renderings) { const f = first.get(x.entity); if (f === undefined) first.set(x.entity, i); else parent[find(i)] = find(f); } });
  return rs.map((_, i) => find(i));
}

function mode(xs: readonly number[]): number {
  const m = new Map<number, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 0;
}

/** The country codes phone numbers of the scenario use (for the bench's notes). */
export const SCENARIO_COUNTRIES = [...new Set([...HUBS, ...NOISE_COUNTRIES])] as CountryCode[];
