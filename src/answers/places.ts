/**
 * Countries, US states, large cities and regions, so "which country?" and "where?" recognise a
 * place named without "in" before it ("Japan declared…"), and "which country?" can prefer a
 * country to a city. Lowercase; multi-word names in full. A name may be of two kinds ("georgia").
 */
export type PlaceKind = 'country' | 'state' | 'city' | 'region';

const lists: Record<PlaceKind, string> = {
  country: `afghanistan albania algeria andorra angola argentina armenia australia austria azerbaijan bahamas bahrain
bangladesh barbados belarus belgium belize benin bhutan bolivia bosnia botswana brazil brunei bulgaria burkina faso burundi
cambodia cameroon canada chad chile china colombia congo costa rica croatia cuba cyprus czech republic czechia denmark djibouti
dominican republic ecuador egypt el salvador eritrea estonia eswatini ethiopia fiji finland france gabon gambia georgia germany
ghana greece grenada guatemala guinea guyana haiti honduras hong kong hungary iceland india indonesia iran iraq ireland israel
italy ivory coast jamaica japan jordan kazakhstan kenya kosovo kuwait kyrgyzstan laos latvia lebanon lesotho liberia libya
liechtenstein lithuania luxembourg madagascar malawi malaysia maldives mali malta mauritania mauritius mexico moldova monaco
mongolia montenegro morocco mozambique myanmar burma namibia nepal netherlands new zealand nicaragua niger nigeria north korea
north macedonia norway oman pakistan palestine panama papua new guinea paraguay peru philippines poland portugal qatar romania
russia rwanda saudi arabia senegal serbia sierra leone singapore slovakia slovenia somalia south africa south korea south sudan
spain sri lanka sudan suriname sweden switzerland syria taiwan tajikistan tanzania thailand togo tonga trinidad tunisia turkey
turkmenistan uganda ukraine united arab emirates uae united kingdom uk britain great britain england scotland wales
northern ireland united states us usa america uruguay uzbekistan vatican venezuela vietnam yemen zambia zimbabwe`,
  state: `alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho illinois indiana iowa
kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi missouri montana nebraska nevada
new hampshire new jersey new mexico new york north carolina north dakota ohio oklahoma oregon pennsylvania rhode island
south carolina south dakota tennessee texas utah vermont virginia washington west virginia wisconsin wyoming`,
  city: `new york washington london paris berlin rome madrid moscow beijing shanghai tokyo delhi new delhi mumbai seoul kyiv kiev kabul baghdad tehran
jerusalem gaza cairo istanbul ankara dubai riyadh islamabad karachi lahore dhaka bangkok manila jakarta sydney melbourne
toronto vancouver montreal ottawa mexico city havana caracas bogota lima santiago buenos aires rio de janeiro sao paulo
los angeles chicago houston miami atlanta boston seattle san francisco las vegas dallas denver detroit philadelphia
new orleans phoenix brussels amsterdam vienna geneva zurich stockholm oslo copenhagen helsinki warsaw prague budapest
athens lisbon dublin edinburgh nairobi lagos johannesburg cape town hong kong singapore taipei hanoi beirut damascus`,
  region: `europe asia africa antarctica latin america middle east`,
};

/** Names of several words, kept whole; their parts alone ("new", "south") name nothing. */
const multiWord = [
  'burkina faso', 'costa rica', 'czech republic', 'dominican republic', 'el salvador', 'hong kong', 'ivory coast', 'new zealand',
  'north korea', 'north macedonia', 'papua new guinea', 'saudi arabia', 'sierra leone', 'south africa', 'south korea', 'south sudan',
  'sri lanka', 'united arab emirates', 'united kingdom', 'great britain', 'northern ireland', 'united states', 'new hampshire',
  'new jersey', 'new mexico', 'new york', 'north carolina', 'north dakota', 'rhode island', 'south carolina', 'south dakota',
  'west virginia', 'new delhi', 'mexico city', 'buenos aires', 'rio de janeiro', 'sao paulo', 'los angeles', 'san francisco',
  'las vegas', 'new orleans', 'cape town', 'latin america', 'middle east',
];
const fragments = new Set(['new', 'north', 'south', 'west', 'east', 'united', 'great', 'city', 'de', 'republic', 'coast', 'island', 'guinea', 'states', 'kingdom', 'cape', 'town', 'rio', 'san', 'los', 'las', 'buenos', 'aires', 'sao', 'lanka', 'sri', 'arab', 'emirates', 'costa', 'rica', 'el', 'hong', 'kong', 'papua', 'sierra', 'leone', 'saudi', 'arabia', 'burkina', 'faso', 'dominican', 'czech', 'ivory', 'rhode', 'latin', 'middle', 'northern']);

const kinds = new Map<string, Set<PlaceKind>>();
for (const [kind, list] of Object.entries(lists) as Array<[PlaceKind, string]>) {
  const add = (name: string) => {
    const known = kinds.get(name) ?? new Set<PlaceKind>();
    known.add(kind);
    kinds.set(name, known);
  };
  for (const word of list.split(/\s+/)) if (!fragments.has(word)) add(word);
  for (const name of multiWord) if (` ${list.replace(/\s+/g, ' ')} `.includes(` ${name} `)) add(name);
}

function keyOf(span: string): string {
  return span.toLowerCase().replace(/^the\s+/, '').replace(/['’]s$/, '').trim();
}

/** Whether a capitalised span names a known place ("Japan", "the Philippines", "Mexico City"). */
export function isKnownPlace(span: string): boolean {
  return kinds.has(keyOf(span));
}

/** Whether a span names a known place of that kind ("Mexico" is a country, "Texas" a state). */
export function isPlaceOfKind(span: string, kind: PlaceKind): boolean {
  return kinds.get(keyOf(span))?.has(kind) ?? false;
}
